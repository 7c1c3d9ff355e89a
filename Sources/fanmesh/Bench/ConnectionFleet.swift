internal import NIOCore
internal import NIOHTTP1
internal import NIOPosix
internal import Synchronization

/// A worker's connections: dials them at a paced rate from rotating source addresses, keeps the senders so they
/// can be started and stopped, and reads the per-loop stats.
final class ConnectionFleet: Sendable {
    struct SenderRef: Sendable {
        var loop: any EventLoop
        var sender: NIOLoopBound<any LoadSender>
    }

    private let options: BenchOptions
    private let plan: ScenarioPlan
    private let stats: LoopStatsTable
    private let credentials: BenchCredentials
    private let dialer: WebSocketDialer
    private let inFlight = Atomic<Int>(0)
    private let decided = Atomic<Int>(0)
    private let publishers = Atomic<Int>(0)
    private let senders = Mutex<[SenderRef]>([])

    init(options: BenchOptions, plan: ScenarioPlan, stats: LoopStatsTable, credentials: BenchCredentials) {
        self.options = options
        self.plan = plan
        self.stats = stats
        self.credentials = credentials
        self.dialer = WebSocketDialer(target: options.target, stats: stats)
    }

    // MARK: Dialing

    /// Dials every connection of `share` (senders first) at its rate, at most `--max-in-flight` at once, and
    /// returns when each attempt has ended or at `deadline`.
    func dialAll(share: WorkerShare, group: any EventLoopGroup, until deadline: ContinuousClock.Instant) async {
        let jobs: [(global: Int, sender: Int?)] =
            share.senderIndices.map { (self.plan.fans + $0, $0) } + share.fanRange.map { ($0, nil) }
        let start = ContinuousClock.now
        var next = 0
        while next < jobs.count, ContinuousClock.now < deadline {
            let elapsed = (ContinuousClock.now - start) / .seconds(1)
            let due = min(jobs.count, Int(elapsed * share.connectRate) + 1)
            while next < due, self.inFlight.load(ordering: .relaxed) < self.options.maxInFlight {
                self.inFlight.add(1, ordering: .relaxed)
                self.dial(global: jobs[next].global, sender: jobs[next].sender, on: group.next())
                next += 1
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        while self.decided.load(ordering: .relaxed) < next, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until every connected WebSocket is in its room.
    func waitUntilJoined(until deadline: ContinuousClock.Instant) async {
        while ContinuousClock.now < deadline {
            let totals = await self.totals()
            if totals.joined >= totals.connected - self.publishers.load(ordering: .relaxed) { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    private func dial(global: Int, sender: Int?, on loop: any EventLoop) {
        let source = try? SocketAddress(
            ipAddress: "127.0.0.\(self.options.firstAddress + global % self.options.addresses)",
            port: 0
        )
        if sender != nil, self.options.wire == .nchan {
            self.dialPublisher(from: source, on: loop)
            return
        }
        let room =
            sender.map { self.plan.roomPerSender ? "\(self.options.room)-\($0)" : self.options.room }
            ?? self.options.room
        let settings = BenchConnectionHandler.Settings(wire: self.options.wire, room: room, padding: self.plan.padding)
        let isSender = sender != nil
        self.dialer.dial(
            on: loop,
            path: self.options.target.webSocketPath(room: room, protocol: self.options.wire),
            headers: sender.map { self.credentials.sender($0) } ?? self.credentials.fan,
            from: source,
            makeHandler: { stats in BenchConnectionHandler(settings: settings, stats: stats) },
            upgraded: { handler, channel in
                guard isSender else { return }
                let ref = SenderRef(loop: loop, sender: NIOLoopBound(handler as any LoadSender, eventLoop: loop))
                self.senders.withLock { $0.append(ref) }
            },
            decided: { self.attemptEnded() }
        )
    }

    /// nchan's senders publish over HTTP/1.1, not a WebSocket.
    private func dialPublisher(from source: SocketAddress?, on loop: any EventLoop) {
        let publish = BenchTarget(url: self.options.publishURL ?? "")!
        let room = self.options.room
        let padding = self.plan.padding
        let stats = self.stats.bound(to: loop)
        var bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(.seconds(15))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(
                        HTTPPublishHandler(
                            host: "\(publish.host):\(publish.port)",
                            path: publish.path + room,
                            padding: padding,
                            stats: stats.value
                        )
                    )
                }
            }
        if let source { bootstrap = bootstrap.bind(to: source) }
        self.publishers.add(1, ordering: .relaxed)
        bootstrap.connect(host: publish.host, port: publish.port).whenComplete { result in
            stats.value.counters.connectAttempts += 1
            switch result {
            case .success(let channel):
                stats.value.counters.connected += 1
                if let handler = try? channel.pipeline.syncOperations.handler(type: HTTPPublishHandler.self) {
                    let ref = SenderRef(loop: loop, sender: NIOLoopBound(handler as any LoadSender, eventLoop: loop))
                    self.senders.withLock { $0.append(ref) }
                }
            case .failure(let error):
                stats.value.counters.connectFailures += 1
                stats.value.counters.count(reason: WebSocketDialer.reason(error))
            }
            self.attemptEnded()
        }
    }

    private func attemptEnded() {
        self.inFlight.subtract(1, ordering: .relaxed)
        self.decided.add(1, ordering: .relaxed)
    }

    // MARK: Sending

    func startSenders(interval: Duration?) async {
        for ref in self.senders.withLock({ $0 }) {
            ref.loop.execute { ref.sender.value.startSending(interval: interval) }
        }
    }

    func stopSenders() async {
        for ref in self.senders.withLock({ $0 }) {
            try? await ref.loop.submit { ref.sender.value.stopSending() }.get()
        }
    }

    // MARK: Reading

    func totals() async -> BenchCounters {
        let readings = (try? await self.stats.collect { $0.counters }) ?? []
        return readings.reduce(into: BenchCounters()) { $0.add($1) }
    }

    func progress() async throws -> (counters: BenchCounters, slowestMs: Double) {
        let readings = try await self.stats.collect { stats -> (BenchCounters, UInt64) in
            let slowest = stats.slowestSinceProgressNanoseconds
            stats.slowestSinceProgressNanoseconds = 0
            return (stats.counters, slowest)
        }
        var counters = BenchCounters()
        var slowest: UInt64 = 0
        for (reading, slow) in readings {
            counters.add(reading)
            slowest = max(slowest, slow)
        }
        return (counters, Double(slowest) / 1e6)
    }

    func lastDeliveryNanoseconds() async -> UInt64 {
        ((try? await self.stats.collect { $0.lastDeliveryNanoseconds }) ?? []).max() ?? 0
    }

    func histograms() async throws -> (delivery: LatencySnapshot, ack: LatencySnapshot, connect: LatencySnapshot) {
        let readings = try await self.stats.collect { stats in
            (stats.delivery.snapshot, stats.ack.snapshot, stats.connect.snapshot)
        }
        var delivery = LatencyRecorder()
        var ack = LatencyRecorder()
        var connect = LatencyRecorder()
        for reading in readings {
            delivery.add(reading.0)
            ack.add(reading.1)
            connect.add(reading.2)
        }
        return (delivery.snapshot, ack.snapshot, connect.snapshot)
    }
}
