internal import NIOCore
internal import NIOHTTP1
internal import NIOPosix
internal import NIOWebSocket

/// Opens bench WebSockets with SwiftNIO directly: a raw `ClientBootstrap` bound to a chosen source address (so
/// one process can go past the 64k ports of one address), the HTTP/1.1 upgrade by `NIOWebSocketClientUpgrader`,
/// then a ``BenchConnectionHandler``. Each attempt ends exactly once, as connected or as failed with a reason.
struct WebSocketDialer: Sendable {
    let target: BenchTarget
    let stats: LoopStatsTable
    /// How long the TCP connect and then the upgrade may each take.
    var timeout: TimeAmount = .seconds(15)

    /// Dials from `source` on `loop`. `makeHandler` and `upgraded` run on the loop once the upgrade succeeded;
    /// `decided` runs on the loop when the attempt has ended either way.
    func dial(
        on loop: any EventLoop,
        path: String,
        headers: [(String, String)],
        from source: SocketAddress?,
        makeHandler: @escaping @Sendable (LoopStats) -> BenchConnectionHandler,
        upgraded: @escaping @Sendable (BenchConnectionHandler, any Channel) -> Void,
        decided: @escaping @Sendable () -> Void
    ) {
        loop.execute {
            self.dialOnLoop(
                loop,
                path: path,
                headers: headers,
                from: source,
                makeHandler: makeHandler,
                upgraded: upgraded,
                decided: decided
            )
        }
    }

    private func dialOnLoop(
        _ loop: any EventLoop,
        path: String,
        headers: [(String, String)],
        from source: SocketAddress?,
        makeHandler: @escaping @Sendable (LoopStats) -> BenchConnectionHandler,
        upgraded: @escaping @Sendable (BenchConnectionHandler, any Channel) -> Void,
        decided: @escaping @Sendable () -> Void
    ) {
        let stats = self.stats.bound(to: loop)
        let started = BenchClock.nanoseconds()
        let attempt = NIOLoopBound(DialAttempt(stats: stats.value, started: started, decided: decided), eventLoop: loop)
        attempt.value.counters.connectAttempts += 1
        let host = self.target.host
        let port = self.target.port
        let timeout = self.timeout
        var bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let upgrader = NIOWebSocketClientUpgrader(
                        maxFrameSize: 1 << 22,
                        automaticErrorHandling: false,
                        upgradePipelineHandler: { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                let handler = makeHandler(stats.value)
                                try channel.pipeline.syncOperations.addHandler(handler)
                                if attempt.value.succeed() { upgraded(handler, channel) }
                            }
                        }
                    )
                    let upgrade: NIOHTTPClientUpgradeConfiguration = (
                        upgraders: [upgrader],
                        completionHandler: { context in
                            context.pipeline.removeHandler(name: UpgradeRequestHandler.name, promise: nil)
                        }
                    )
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(withClientUpgrade: upgrade)
                    try channel.pipeline.syncOperations.addHandler(
                        UpgradeRequestHandler(host: host, port: port, path: path, headers: headers, attempt: attempt),
                        name: UpgradeRequestHandler.name
                    )
                }
            }
        if let source { bootstrap = bootstrap.bind(to: source) }
        bootstrap.connect(host: host, port: port).whenComplete { result in
            switch result {
            case .success(let channel):
                loop.scheduleTask(in: timeout) {
                    if attempt.value.fail(reason: "upgrade timeout") { channel.close(promise: nil) }
                }
            case .failure(let error):
                _ = attempt.value.fail(reason: Self.reason(error))
            }
        }
    }

    /// A short, bounded-cardinality name for a connect error.
    static func reason(_ error: any Error) -> String {
        if let error = error as? IOError { return "connect: errno \(error.errnoCode)" }
        if error is ChannelError { return "connect: \(error)" }
        return "connect: \(type(of: error))"
    }
}

/// The fate of one dial, on its loop: decided once.
final class DialAttempt {
    private let stats: LoopStats
    private let started: UInt64
    private let decided: @Sendable () -> Void
    private var done = false

    init(stats: LoopStats, started: UInt64, decided: @escaping @Sendable () -> Void) {
        self.stats = stats
        self.started = started
        self.decided = decided
    }

    var counters: BenchCounters {
        get { self.stats.counters }
        set { self.stats.counters = newValue }
    }

    /// Records success unless the attempt already ended; returns whether it did now.
    func succeed() -> Bool {
        guard !self.done else { return false }
        self.done = true
        self.stats.counters.connected += 1
        self.stats.connect.record(nanoseconds: BenchClock.nanoseconds() &- self.started)
        self.decided()
        return true
    }

    /// Records failure unless the attempt already ended; returns whether it did now.
    func fail(reason: String) -> Bool {
        guard !self.done else { return false }
        self.done = true
        self.stats.counters.connectFailures += 1
        self.stats.counters.count(reason: reason)
        self.decided()
        return true
    }
}

@available(*, unavailable)
extension DialAttempt: Sendable {}

/// Sends the upgrade request when the connection is up, and turns any answer that reaches it (an upgrade the
/// server refused: 401, 429, …) or an early close into a failed attempt.
final class UpgradeRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    static let name = "bench-upgrade-request"

    private let host: String
    private let port: Int
    private let path: String
    private let headers: [(String, String)]
    private let attempt: NIOLoopBound<DialAttempt>

    init(host: String, port: Int, path: String, headers: [(String, String)], attempt: NIOLoopBound<DialAttempt>) {
        self.host = host
        self.port = port
        self.path = path
        self.headers = headers
        self.attempt = attempt
    }

    func channelActive(context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "\(self.host):\(self.port)")
        headers.add(name: "Content-Length", value: "0")
        for (name, value) in self.headers { headers.add(name: name, value: value) }
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: self.path, headers: headers)
        context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let response) = self.unwrapInboundIn(data) {
            if self.attempt.value.fail(reason: "http \(response.status.code)") { context.close(promise: nil) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        _ = self.attempt.value.fail(reason: "closed before upgrade")
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if self.attempt.value.fail(reason: "upgrade: \(type(of: error))") { context.close(promise: nil) }
    }
}

@available(*, unavailable)
extension UpgradeRequestHandler: Sendable {}
