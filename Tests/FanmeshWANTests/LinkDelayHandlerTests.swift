import FanmeshTestSupport
import FanmeshWAN
import Logging
import NIOCore
import NIOEmbedded
import Testing

@Suite("LinkDelayHandler on EmbeddedChannels")
struct LinkDelayHandlerTests {
    /// Counts the reads that get past the delay handler to the socket.
    final class ReadCounter: ChannelOutboundHandler {
        typealias OutboundIn = ByteBuffer
        var reads = 0
        func read(context: ChannelHandlerContext) {
            self.reads += 1
            context.read()
        }
    }

    /// A source channel with a delay handler writing into a sink channel, both on one embedded loop.
    struct Harness {
        let loop = EmbeddedEventLoop()
        let source: EmbeddedChannel
        let sink: EmbeddedChannel
        let handler: LinkDelayHandler
        let reads = ReadCounter()
        let delivered = ByteCounter()

        init(
            delay: Duration = .milliseconds(50),
            jitter: Duration = .zero,
            maxInFlightBytes: Int = 1 << 20,
            seed: UInt64 = 7
        ) throws {
            var configuration = LinkDelayHandler.Configuration()
            configuration.oneWayDelay = delay
            configuration.jitter = jitter
            configuration.maxInFlightBytes = maxInFlightBytes
            self.handler = LinkDelayHandler(
                configuration: configuration,
                deliveredBytes: self.delivered,
                logger: Logger(label: "test"),
                generator: SeededGenerator(seed: seed)
            )
            self.source = EmbeddedChannel(loop: self.loop)
            self.sink = EmbeddedChannel(loop: self.loop)
            try self.source.pipeline.syncOperations.addHandler(self.reads)
            try self.source.pipeline.syncOperations.addHandler(self.handler)
            let address = try SocketAddress(ipAddress: "127.0.0.1", port: 1)
            try self.source.connect(to: address).wait()
            try self.sink.connect(to: address).wait()
            self.handler.attach(sink: self.sink)
        }

        func send(_ text: String) throws {
            try self.source.writeInbound(ByteBuffer(string: text))
        }

        /// Everything the sink was asked to write so far, as one string.
        func received() throws -> String {
            var text = ""
            while let buffer = try self.sink.readOutbound(as: ByteBuffer.self) {
                text += String(buffer: buffer)
            }
            return text
        }
    }

    @Test("A chunk reaches the other side one-way delay after it was read, not before")
    func chunkIsDelayed() throws {
        let harness = try Harness()
        try harness.send("hello")
        harness.loop.advanceTime(by: .milliseconds(49))
        #expect(try harness.received() == "")
        harness.loop.advanceTime(by: .milliseconds(1))
        #expect(try harness.received() == "hello")
        #expect(harness.delivered.total == 5)
    }

    @Test("With jitter, many chunks arrive intact and in order", arguments: [1, 2, 3] as [UInt64])
    func jitterKeepsOrder(seed: UInt64) throws {
        let harness = try Harness(jitter: .milliseconds(30), seed: seed)
        var expected = ""
        for index in 0..<200 {
            let chunk = "<\(index)>"
            expected += chunk
            try harness.send(chunk)
            harness.loop.advanceTime(by: .microseconds(500))
        }
        var received = ""
        for _ in 0..<100 {
            harness.loop.advanceTime(by: .milliseconds(1))
            received += try harness.received()
            #expect(expected.hasPrefix(received))
        }
        #expect(received == expected)
    }

    @Test("Reads stop while more than the bound is in flight and resume once it is written")
    func backpressure() throws {
        let harness = try Harness(maxInFlightBytes: 100)
        for _ in 0..<3 { try harness.send(String(repeating: "x", count: 40)) }
        #expect(harness.handler.isReadingPaused)
        let readsBefore = harness.reads.reads
        harness.source.read()
        #expect(harness.reads.reads == readsBefore, "the read is held back")
        harness.loop.advanceTime(by: .milliseconds(50))
        #expect(try harness.received().count == 120)
        #expect(harness.handler.inFlightBytes == 0)
        #expect(!harness.handler.isReadingPaused)
        #expect(harness.reads.reads == readsBefore + 1, "the held read goes out")
    }

    @Test("A stall holds everything; resume delivers it in order")
    func stallThenResume() throws {
        let harness = try Harness()
        try harness.send("a")
        harness.handler.stall()
        try harness.send("b")
        harness.loop.advanceTime(by: .seconds(5))
        #expect(try harness.received() == "")
        harness.handler.resume()
        try harness.send("c")
        harness.loop.advanceTime(by: .zero)
        #expect(try harness.received() == "ab")
        harness.loop.advanceTime(by: .milliseconds(50))
        #expect(try harness.received() == "c")
    }

    @Test("A close travels after the bytes read before it, with the same delay")
    func closeFollowsData() throws {
        let harness = try Harness()
        try harness.send("last words")
        try harness.source.close().wait()
        harness.loop.advanceTime(by: .milliseconds(49))
        #expect(harness.sink.isActive)
        harness.loop.advanceTime(by: .milliseconds(1))
        #expect(try harness.received() == "last words")
        #expect(!harness.sink.isActive)
    }

    @Test("A reset drops what is queued and closes the channel")
    func resetDropsAndCloses() throws {
        let harness = try Harness()
        try harness.send("lost")
        harness.handler.reset()
        harness.loop.advanceTime(by: .seconds(1))
        #expect(try harness.received() == "")
        #expect(!harness.source.isActive)
        #expect(harness.sink.isActive, "the relay resets the other side itself")
    }

    @Test("Bytes read before the other side is connected wait for it")
    func waitsForTheSink() throws {
        var configuration = LinkDelayHandler.Configuration()
        configuration.oneWayDelay = .milliseconds(10)
        let loop = EmbeddedEventLoop()
        let handler = LinkDelayHandler(configuration: configuration, logger: Logger(label: "test"))
        let source = EmbeddedChannel(handler: handler, loop: loop)
        let sink = EmbeddedChannel(loop: loop)
        try source.writeInbound(ByteBuffer(string: "early"))
        loop.advanceTime(by: .milliseconds(20))
        handler.attach(sink: sink)
        #expect(try sink.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) } == "early")
    }
}
