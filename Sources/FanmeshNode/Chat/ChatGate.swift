internal import FanmeshChat
internal import HTTPTypes
internal import NIOCore

/// Decides whether a WebSocket upgrade on `/ws` becomes a chat session: a valid token (or anonymous reading when
/// the region allows it) and room for one more connection from the client's address.
struct ChatGate: Sendable {
    /// Why an upgrade is refused: the HTTP answer the fan gets instead of a WebSocket.
    struct Refusal: Error, Sendable {
        var status: HTTPResponse.Status
        var body: String
    }

    let hub: ChatHub
    let authenticator: ChatAuthenticator

    /// Admits a fan, counting its connection against its address; or says why not.
    func admit(authorization: String?, query: String?, address: String) async -> Result<ChatIdentity, Refusal> {
        switch await self.authenticator.authenticate(token: ChatAuthenticator.token(authorization: authorization, query: query)) {
        case .failure(let refusal):
            return .failure(Refusal(status: .unauthorized, body: refusal.jsonBody))
        case .success(let identity):
            guard self.hub.connections.open(address: address) else {
                return .failure(self.tooManyConnections)
            }
            return .success(identity)
        }
    }

    /// The same decision for a `/ws` request that did not upgrade, without counting a connection.
    func refusal(authorization: String?, query: String?, address: String) async -> Refusal {
        switch await self.authenticator.authenticate(token: ChatAuthenticator.token(authorization: authorization, query: query)) {
        case .failure(let refusal):
            return Refusal(status: .unauthorized, body: refusal.jsonBody)
        case .success:
            if self.hub.connections.count(address: address) >= self.hub.configuration.maxConnectionsPerAddress {
                return self.tooManyConnections
            }
            return Refusal(
                status: .badRequest,
                body: #"{"error":"bad_request","message":"/ws needs a WebSocket upgrade (GET with Upgrade: websocket)"}"#
            )
        }
    }

    private var tooManyConnections: Refusal {
        let limit = self.hub.configuration.maxConnectionsPerAddress
        return Refusal(
            status: .tooManyRequests,
            body: #"{"error":"too_many_connections","message":"this address already holds \#(limit) connections"}"#
        )
    }

    /// The client's address as the connection limit counts it (IP only, no port).
    static func address(of channel: any Channel) -> String {
        channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
