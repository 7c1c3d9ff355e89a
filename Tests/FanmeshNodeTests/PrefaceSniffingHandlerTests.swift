import NIOCore
import NIOEmbedded
import Testing

@testable import FanmeshNode

@Suite("PrefaceSniffingHandler on an EmbeddedChannel")
struct PrefaceSniffingHandlerTests {
    /// Collects what reaches the end of the pipeline.
    final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        var received = ByteBuffer()
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = self.unwrapInboundIn(data)
            self.received.writeBuffer(&bytes)
        }
    }

    private func run(
        _ chunks: [String]
    ) throws -> (decision: PrefaceSniffer.Decision?, replayed: String, channel: EmbeddedChannel) {
        let channel = EmbeddedChannel()
        let collector = Collector()
        var decided: PrefaceSniffer.Decision?
        let handler = PrefaceSniffingHandler<PrefaceSniffer.Decision> { decision, channel in
            decided = decision
            return channel.eventLoop.makeSucceededFuture(decision)
        }
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.pipeline.syncOperations.addHandler(collector)
        for chunk in chunks {
            try channel.writeInbound(ByteBuffer(string: chunk))
        }
        return (decided, String(buffer: collector.received), channel)
    }

    @Test("An HTTP/1.1 request is classified and replayed whole to the pipeline it chose")
    func http1IsReplayed() throws {
        let (decision, replayed, channel) = try self.run(["GET /healthz HTTP/1.1\r\n", "Host: x\r\n\r\n"])
        #expect(decision == .http1)
        #expect(replayed == "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(throws: (any Error).self) { try channel.pipeline.syncOperations.handler(type: PrefaceSniffingHandler<PrefaceSniffer.Decision>.self) }
        _ = try channel.finish()
    }

    @Test("An h2c preface split over reads is held until complete, then replayed with what followed")
    func http2IsHeldThenReplayed() throws {
        let preface = String(decoding: PrefaceSniffer.http2Preface, as: UTF8.self)
        let split = preface.index(preface.startIndex, offsetBy: 5)
        let (decision, replayed, channel) = try self.run([String(preface[..<split]), String(preface[split...]) + "SETTINGS"])
        #expect(decision == .http2)
        #expect(replayed == preface + "SETTINGS")
        _ = try channel.finish()
    }

    @Test("A connection that closes before deciding fails the result instead of hanging")
    func closeBeforeDeciding() throws {
        let channel = EmbeddedChannel()
        let handler = PrefaceSniffingHandler<PrefaceSniffer.Decision> { decision, channel in
            channel.eventLoop.makeSucceededFuture(decision)
        }
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.writeInbound(ByteBuffer(string: "PRI"))
        let result = handler.result
        _ = try? channel.finish()
        #expect(throws: (any Error).self) { try result.wait() }
    }
}
