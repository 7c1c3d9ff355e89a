import FanmeshChat
import FanmeshStore
import Foundation
import NIOCore
import NIOEmbedded
import NIOPosix
import NIOWebSocket
import Testing

/// One ``ChatSessionHandler`` on a `NIOAsyncTestingChannel`, with a hub on a real store in a temporary directory.
///
/// The pipeline is the node's, minus the socket: `RawFrameWriter` at the head, then the frame encoder, then the
/// session. Everything written is read back as bytes and decoded with NIO's frame decoder.
final class SessionHarness {
    let channel: NIOAsyncTestingChannel
    let hub: ChatHub
    private var unread = ByteBuffer()
    /// Every frame the session wrote so far, in order.
    private(set) var frames: [WebSocketFrame] = []

    private init(channel: NIOAsyncTestingChannel, hub: ChatHub) {
        self.channel = channel
        self.hub = hub
    }

    /// Runs `body` with a connected session; `prepare` may post to the log before the session starts.
    static func with(
        identity: ChatIdentity = ChatIdentity(userID: "u1", displayName: "Mina", expiresAt: nil),
        configure: (inout ChatHub.Configuration) -> Void = { _ in },
        prepare: (ChatLog) async throws -> Void = { _ in },
        _ body: (SessionHarness) async throws -> Void
    ) async throws {
        try await TemporaryChatLog.withDirectory { path in
            let store = try TemporaryChatLog.openStore(path: path)
            defer { store.close() }
            var configuration = ChatHub.Configuration()
            configuration.batchWindow = .zero
            configure(&configuration)
            let log = try TemporaryChatLog.makeLog(store: store) { $0 = configuration }
            try await prepare(log)
            let threadPool = NIOThreadPool(numberOfThreads: 1)
            threadPool.start()
            let loop = NIOAsyncTestingEventLoop()
            let hub = ChatHub(
                configuration: configuration,
                log: log,
                eventLoopGroup: loop,
                threadPool: threadPool,
                metrics: ChatMetrics(),
                logger: TemporaryChatLog.logger
            )
            let channel = try await NIOAsyncTestingChannel(loop: loop) { channel in
                let rawWriter = RawFrameWriter()
                try channel.pipeline.syncOperations.addHandler(rawWriter)
                try channel.pipeline.syncOperations.addHandler(WebSocketFrameEncoder())
                try channel.pipeline.syncOperations.addHandler(
                    ChatSessionHandler(
                        hub: hub,
                        identity: identity,
                        address: "10.0.0.1",
                        rawWriter: rawWriter,
                        logger: TemporaryChatLog.logger
                    )
                )
            }
            try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 4000)).get()
            let harness = SessionHarness(channel: channel, hub: hub)
            do {
                try await body(harness)
            } catch {
                _ = try? await channel.finish(acceptAlreadyClosed: true)
                try? await threadPool.shutdownGracefully()
                throw error
            }
            _ = try await channel.finish(acceptAlreadyClosed: true)
            try await threadPool.shutdownGracefully()
        }
    }

    /// Sends one text frame, masked as a fan's frames are.
    func send(_ text: String) async throws {
        try await self.send(bytes: Array(text.utf8))
    }

    func send(bytes: [UInt8], opcode: WebSocketOpcode = .text, masked: Bool = true) async throws {
        var data = ByteBuffer(bytes: bytes)
        let maskKey: WebSocketMaskingKey? = masked ? WebSocketMaskingKey([0x37, 0xFA, 0x21, 0x3D]) : nil
        if let maskKey { data.webSocketMask(maskKey) }
        try await self.channel.writeInbound(WebSocketFrame(fin: true, opcode: opcode, maskKey: maskKey, data: data))
    }

    /// Reads what the session wrote since the last call.
    func readFrames() async throws {
        while var buffer = try await self.channel.readOutbound(as: ByteBuffer.self) {
            self.unread.writeBuffer(&buffer)
        }
        guard self.unread.readableBytes > 0 else { return }
        self.frames += try ServerFrames.decode(self.unread)
        self.unread.clear()
    }

    /// Every JSON object written so far in text frames; arrays (fan-out batches) are flattened.
    func objects() throws -> [[String: Any]] {
        try self.frames.filter { $0.opcode == .text }.flatMap { try ChatFixtures.messageObjects($0.data) }
    }

    func objects(op: String) throws -> [[String: Any]] {
        try self.objects().filter { $0["op"] as? String == op }
    }

    /// Waits for the session's close frame and returns its code and reason.
    func waitForClose() async throws -> (code: WebSocketErrorCode?, reason: String) {
        try await waitUntil("the close frame") {
            try await self.readFrames()
            return self.frames.contains { $0.opcode == .connectionClose }
        }
        var data = try #require(self.frames.last { $0.opcode == .connectionClose }).data
        let code = data.readWebSocketErrorCode()
        return (code, data.readString(length: data.readableBytes) ?? "")
    }

    /// Waits until `count` objects with `op` have arrived and returns them.
    @discardableResult
    func waitFor(op: String, count: Int = 1) async throws -> [[String: Any]] {
        try await waitUntil("\(count) \(op)") {
            try await self.readFrames()
            return try self.objects(op: op).count >= count
        }
        return try self.objects(op: op)
    }
}
