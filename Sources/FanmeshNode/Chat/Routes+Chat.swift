internal import FanmeshChat
internal import FanmeshCore
internal import Hummingbird
internal import NIOCore
internal import NIOPosix

/// `GET /api/rooms/{room}/history`'s JSON.
struct HistoryResponse: ResponseGenerator {
    let page: HistoryPage

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("room", self.page.room)
        writer.field("position", self.page.head)
        writer.field("recovered", self.page.recovered)
        writer.beginArray(key: "messages")
        for message in self.page.messages { ChatReply.writeMessage(message, into: &writer) }
        writer.endArray()
        writer.endObject()
        return Response(
            status: .ok,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: writer.buffer)
        )
    }
}

extension RouterMethods where Context == NodeRequestContext {
    /// The chat's HTTP side: room history, and the answer to a `/ws` request that did not become a WebSocket.
    @discardableResult
    func addChatRoutes(hub: ChatHub, gate: ChatGate) -> Self {
        self.get("api/rooms/:room/history") { request, context -> HistoryResponse in
            let room = try context.parameters.require("room")
            if let problem = RoomName.problem(room) { throw Self.badRequest(problem) }
            let since = try request.uri.queryParameters["since"].map { text -> UInt64 in
                guard let value = UInt64(text) else {
                    throw Self.badRequest("since must be a position (a whole number ≥ 0), not \"\(text.prefix(40))\"")
                }
                return value
            }
            let limit = try request.uri.queryParameters["limit"].map { text -> Int in
                guard let value = Int(text), (1...1_000).contains(value) else {
                    throw Self.badRequest("limit must be a whole number from 1 to 1000, not \"\(text.prefix(40))\"")
                }
                return value
            } ?? 100
            let page = try await hub.history.page(
                room: room,
                since: since,
                limit: limit,
                unbounded: true,
                on: MultiThreadedEventLoopGroup.singleton.any()
            ).get()
            return HistoryResponse(page: page)
        }
        self.get("ws") { request, context -> Response in
            let refusal = await gate.refusal(
                authorization: request.headers[.authorization],
                query: request.uri.query,
                address: context.remoteAddress?.ipAddress ?? "unknown"
            )
            return Response(
                status: refusal.status,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: refusal.body))
            )
        }
        return self
    }

    private static func badRequest(_ message: String) -> JSONRequestError {
        JSONRequestError(status: .badRequest, code: "bad_request", message: message)
    }
}
