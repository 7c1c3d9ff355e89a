internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#endif

/// The parent of a bench run: spawns the workers (`fanmesh bench … --worker`), prints progress every second,
/// reads the server's memory and CPU around the measured phase, drives the workers through `start`, `stop` and
/// `report`, and merges their results into one ``BenchSummary``. Every wait is bounded by the run's time limit.
struct BenchRunner {
    let options: BenchOptions
    let plan: ScenarioPlan
    /// The scenario's own command line, which each worker gets back with the worker flags.
    let arguments: [String]

    func run() async throws -> BenchSummary {
        signal(SIGPIPE, SIG_IGN)
        let probe = self.options.serverProbe
        let started = ContinuousClock.now
        let deadline = started + .seconds(self.options.timeLimit ?? self.plan.defaultTimeLimit)
        var summary = BenchSummary(plan: self.plan, options: self.options, serverPIDs: probe.pids)
        summary.server.residentBytesBefore = probe.residentBytes()

        let count = WorkerShare.workerCount(plan: self.plan, perWorker: self.options.connectionsPerWorker)
        let executable =
            ProcessInfo.processInfo.arguments[0].hasPrefix("/")
            ? ProcessInfo.processInfo.arguments[0]
            : (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? ProcessInfo.processInfo.arguments[0]
        let workers = try (0..<count).map { index in
            try WorkerProcess(
                index: index,
                executable: executable,
                arguments: self.arguments + ["--worker", "--worker-index", "\(index)", "--worker-count", "\(count)"]
            )
        }
        defer { workers.forEach { $0.kill() } }
        var progress = ProgressPrinter(plan: self.plan, wire: self.options.wire, started: started)
        printError("bench \(self.plan.kind.rawValue): \(count) worker processes, server pids \(probe.pids)")

        // Ramp: every connection attempt ends, and the connected ones are in the room.
        let rampDeadline = min(
            deadline,
            .now + .seconds(Int(Double(self.plan.connections) / self.plan.connectRate * 2) + 60)
        )
        await Self.poll(workers, until: rampDeadline, progress: &progress) { states in
            states.allSatisfy { $0.ready || $0.exited }
        }
        summary.rampSeconds = (ContinuousClock.now - started) / .seconds(1)
        summary.server.residentBytesAfter = probe.residentBytes()

        switch self.plan.kind {
        case .connect:
            let holdEnd = min(deadline, .now + .seconds(self.plan.seconds))
            var peak = summary.server.residentBytesAfter
            while ContinuousClock.now < holdEnd {
                await Self.poll(workers, until: min(holdEnd, .now + .seconds(1)), progress: &progress) { _ in false }
                peak = max(peak, probe.residentBytes())
            }
            summary.server.residentBytesAfter = probe.residentBytes()
            summary.server.residentBytesPeak = peak
        case .room, .senders:
            let cpuBefore = probe.cpuSeconds()
            let windowStart = ContinuousClock.now
            workers.forEach { $0.send(.start) }
            await Self.poll(workers, until: min(deadline, .now + .seconds(self.plan.seconds)), progress: &progress) {
                _ in false
            }
            workers.forEach { $0.send(.stop) }
            summary.windowSeconds = (ContinuousClock.now - windowStart) / .seconds(1)
            await self.drain(
                workers,
                until: min(deadline, .now + .seconds(self.plan.drainSeconds)),
                progress: &progress
            )
            summary.server.cpuSeconds = probe.cpuSeconds() - cpuBefore
            summary.server.residentBytesAfter = probe.residentBytes()
        }

        workers.forEach { $0.send(.report) }
        await Self.poll(workers, until: min(deadline + .seconds(20), .now + .seconds(30)), progress: &progress) {
            states in states.allSatisfy { $0.result != nil || $0.exited }
        }
        let states = workers.map(\.snapshot)
        for (index, state) in states.enumerated() where state.result == nil {
            printError(
                "bench: worker \(index) gave no result (\(state.exit.map { "ended with \($0)" } ?? "still running"))"
            )
        }
        summary.merge(states.compactMap(\.result), workersMissing: states.filter { $0.result == nil }.count)
        return summary
    }

    /// Waits, up to `deadline`, until every message taken has reached every fan in the room (or, for closed-loop
    /// senders, every send is answered), or nothing has moved for 3 seconds.
    private func drain(
        _ workers: [WorkerProcess],
        until deadline: ContinuousClock.Instant,
        progress: inout ProgressPrinter
    ) async {
        let wire = self.options.wire
        let kind = self.plan.kind
        var last = -1
        var lastChange = ContinuousClock.now
        await Self.poll(workers, until: deadline, progress: &progress) { states in
            let totals = states.reduce(into: BenchCounters()) { $0.add($1.counters) }
            let finished: Bool
            switch kind {
            case .room:
                let published = wire.acknowledgesSends ? totals.acks : totals.sends
                finished =
                    totals.deliveries >= published * totals.joined
                    && (!wire.acknowledgesSends || totals.acks + totals.sendErrors >= totals.sends)
            case .senders:
                finished = totals.acks + totals.sendErrors >= totals.sends
            case .connect:
                finished = true
            }
            if finished { return true }
            let moved = totals.deliveries + totals.acks
            if moved != last {
                last = moved
                lastChange = .now
            }
            return ContinuousClock.now - lastChange > .seconds(3)
        }
    }

    /// Prints progress every second until `done` holds or `deadline` passes.
    private static func poll(
        _ workers: [WorkerProcess],
        until deadline: ContinuousClock.Instant,
        progress: inout ProgressPrinter,
        done: ([WorkerProcess.State]) -> Bool
    ) async {
        while ContinuousClock.now < deadline {
            let states = workers.map(\.snapshot)
            if done(states) { return }
            progress.maybePrint(states: states, slowestMs: workers.map { $0.takeSlowestMs() }.max() ?? 0)
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}

/// The once-a-second progress line on standard error.
struct ProgressPrinter {
    let plan: ScenarioPlan
    let wire: BenchProtocol
    let started: ContinuousClock.Instant
    private var lastPrint: ContinuousClock.Instant
    private var last = BenchCounters()
    private var slowestMs = 0.0

    init(plan: ScenarioPlan, wire: BenchProtocol, started: ContinuousClock.Instant) {
        self.plan = plan
        self.wire = wire
        self.started = started
        self.lastPrint = started
    }

    mutating func maybePrint(states: [WorkerProcess.State], slowestMs: Double) {
        self.slowestMs = max(self.slowestMs, slowestMs)
        let now = ContinuousClock.now
        let elapsed = (now - self.lastPrint) / .seconds(1)
        guard elapsed >= 1 else { return }
        let counters = states.reduce(into: BenchCounters()) { $0.add($1.counters) }
        let delta = counters.since(self.last)
        func rate(_ value: Int) -> String { Self.grouped(Int(Double(value) / elapsed)) }
        let seconds = Int((now - self.started) / .seconds(1))
        let slowest = (self.slowestMs * 10).rounded() / 10
        let line =
            "[\(seconds)s] \(self.plan.kind.rawValue) \(self.wire.rawValue): "
            + "conns \(Self.grouped(counters.connected))/\(Self.grouped(self.plan.connections)) "
            + "fail \(Self.grouped(counters.connectFailures)) joined \(Self.grouped(counters.joined)) "
            + "gone \(Self.grouped(counters.disconnects)) | sent \(rate(delta.sends))/s acks \(rate(delta.acks))/s "
            + "| deliveries \(rate(delta.deliveries))/s slowest \(slowest) ms"
        printError(line)
        self.last = counters
        self.lastPrint = now
        self.slowestMs = 0
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }
}
