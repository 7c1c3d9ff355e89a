import FanmeshCore
import FanmeshWAN
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// An echo server on an ephemeral loopback port: the far end of a relayed link in tests.
struct EchoServer {
    /// How many connections the server has open.
    final class OpenConnections: Sendable {
        let value = Atomic<Int>(0)
        var count: Int { self.value.load(ordering: .relaxed) }
    }

    final class EchoHandler: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let open: OpenConnections
        init(open: OpenConnections) { self.open = open }
        func channelActive(context: ChannelHandlerContext) {
            self.open.value.add(1, ordering: .relaxed)
        }
        func channelInactive(context: ChannelHandlerContext) {
            self.open.value.add(-1, ordering: .relaxed)
        }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.write(data, promise: nil)
        }
        func channelReadComplete(context: ChannelHandlerContext) {
            context.flush()
        }
    }

    let channel: any Channel
    let open: OpenConnections
    var address: HostAndPort { HostAndPort(host: "127.0.0.1", port: self.channel.localAddress?.port ?? 0) }

    static func start() async throws -> EchoServer {
        let open = OpenConnections()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(EchoHandler(open: open))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return EchoServer(channel: channel, open: open)
    }

    /// Waits until the server has `count` connections open; false if not within `timeout`.
    func waitForOpenConnections(_ count: Int, timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if self.open.count == count { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return self.open.count == count
    }

    func close() async {
        try? await self.channel.close()
    }
}

/// A TCP client that collects everything it receives, for polling from a test.
final class TestClient: Sendable {
    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let received = Mutex(ByteBuffer())
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = Self.unwrapInboundIn(data)
            self.received.withLock { $0.writeBuffer(&buffer) }
        }
        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }

    let channel: any Channel
    private let collector: Collector

    private init(channel: any Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    static func connect(to address: HostAndPort) async throws -> TestClient {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: address.host, port: address.port)
            .get()
        return TestClient(channel: channel, collector: collector)
    }

    var received: ByteBuffer { self.collector.received.withLock { $0 } }

    func send(_ bytes: [UInt8]) async throws {
        try await self.channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// Waits until `count` bytes arrived; false if they did not within `timeout`.
    func waitForBytes(_ count: Int, timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if self.received.readableBytes >= count { return true }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return self.received.readableBytes >= count
    }

    /// Waits until the connection is closed; false if it is still open after `timeout`.
    func waitForClose(timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !self.channel.isActive { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return !self.channel.isActive
    }

    func close() async {
        try? await self.channel.close()
    }
}

extension LinkRelay {
    /// A relay in front of `target` with `rtt` and `jitter`.
    static func start(to target: HostAndPort, rtt: Duration, jitter: Duration = .zero) async throws -> LinkRelay {
        var configuration = LinkRelay.Configuration()
        configuration.rtt = rtt
        configuration.jitter = jitter
        return try await LinkRelay.start(
            target: target,
            configuration: configuration,
            group: MultiThreadedEventLoopGroup.singleton,
            logger: Logger(label: "test")
        )
    }
}

/// Bytes `0, 1, 2, …` modulo 251 (a prime, so chunk boundaries never line up with the pattern).
func patternBytes(_ count: Int, from offset: Int = 0) -> [UInt8] {
    (offset..<(offset + count)).map { UInt8($0 % 251) }
}
