import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Learns why a node refused a WebSocket upgrade, which the WebSocket client reports only as "upgrade failed".
///
/// It repeats the upgrade request once on a connection of its own and reads the status and JSON body
/// (`{"error": CODE, "message": TEXT}`). That costs one more request, only after a refusal, and is what lets
/// ``ChatClient/run()`` stop on a refused token (401) and keep retrying a full (429) or draining (503) node.
/// If the node now accepts, the probe hangs up and reports nothing: the next attempt will do.
enum UpgradeRefusalProbe {
    /// The node did not answer the probe in time.
    struct TimedOut: Error {}

    /// The most of a refusal body read; the node's are a few dozen bytes.
    static let maxBodyBytes = 4_096

    static func probe(
        _ endpoint: ChatEndpoint,
        headers: [(name: String, value: String)],
        timeout: Duration
    ) async throws -> UpgradeRefusal? {
        try await withThrowingTaskGroup(of: UpgradeRefusal?.self) { group in
            group.addTask {
                try await Self.request(endpoint, headers: headers)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw TimedOut()
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    private static func request(
        _ endpoint: ChatEndpoint,
        headers: [(name: String, value: String)]
    ) async throws -> UpgradeRefusal? {
        let sslContext = try endpoint.usesTLS ? NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        let serverHostname = endpoint.hostIsIPAddress ? nil : endpoint.host
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        let tls = try NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname)
                        try channel.pipeline.syncOperations.addHandler(tls)
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: endpoint.target)
            head.headers.add(name: "Host", value: endpoint.hostHeader)
            head.headers.add(name: "Upgrade", value: "websocket")
            head.headers.add(name: "Connection", value: "Upgrade")
            head.headers.add(name: "Sec-WebSocket-Version", value: "13")
            head.headers.add(name: "Sec-WebSocket-Key", value: Self.webSocketKey())
            for header in headers {
                head.headers.add(name: header.name, value: header.value)
            }
            try await outbound.write(.head(head))
            try await outbound.write(.end(nil))

            var status: Int?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let response):
                    guard response.status != .switchingProtocols else { return nil }
                    status = Int(response.status.code)
                case .body(var chunk):
                    let room = Self.maxBodyBytes - body.readableBytes
                    if room > 0, let bytes = chunk.readSlice(length: min(room, chunk.readableBytes)) {
                        body.writeImmutableBuffer(bytes)
                    }
                case .end:
                    return status.map { Self.refusal(status: $0, body: body) }
                }
            }
            return status.map { Self.refusal(status: $0, body: body) }
        }
    }

    static func refusal(status: Int, body: ByteBuffer) -> UpgradeRefusal {
        struct Body: Decodable {
            var error: String?
            var message: String?
        }
        let decoded = try? JSONDecoder().decode(Body.self, from: Data(body.readableBytesView))
        return UpgradeRefusal(status: status, code: decoded?.error, message: decoded?.message)
    }

    private static func webSocketKey() -> String {
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &random) }
        return Data(bytes).base64EncodedString()
    }
}
