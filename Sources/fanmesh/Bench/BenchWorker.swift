internal import Foundation
internal import NIOPosix
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// One client process of a bench: dials its share of the connections at its share of the rate, tells the parent
/// when they are in the room, posts between the parent's `start` and `stop`, and on `report` writes its counters
/// and histograms as one JSON line and exits. Progress goes out every second. It ends itself at its time limit,
/// and when the parent goes away.
struct BenchWorker {
    let options: BenchOptions
    let plan: ScenarioPlan

    func run() async throws -> Never {
        signal(SIGPIPE, SIG_IGN)
        let share = WorkerShare(
            plan: self.plan,
            index: self.options.workerIndex,
            perWorker: self.options.connectionsPerWorker
        )
        let group = MultiThreadedEventLoopGroup(numberOfThreads: self.options.threads)
        let stats = try await LoopStatsTable.make(group: group)
        let output = LineWriter()
        let cpuAtStart = ServerProbe(pids: [getpid()]).cpuSeconds()
        let limit = self.options.timeLimit ?? self.plan.defaultTimeLimit
        let deadline = ContinuousClock.now + .seconds(limit + 15)
        let credentials = try await BenchCredentials.make(
            options: self.options,
            workerIndex: self.options.workerIndex,
            senders: share.senderIndices
        )
        let fleet = ConnectionFleet(options: self.options, plan: self.plan, stats: stats, credentials: credentials)

        let progress = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                guard let reading = try? await fleet.progress() else { continue }
                output.write(WorkerMessage(kind: .progress, counters: reading.counters, slowestMs: reading.slowestMs))
            }
        }

        await fleet.dialAll(share: share, group: group, until: deadline)
        await fleet.waitUntilJoined(until: min(deadline, .now + .seconds(30)))
        output.write(WorkerMessage(kind: .ready))

        let marks = WindowMarks()
        let commands = WorkerCommand.incoming()
        let interval = share.sendIntervalPerSender
        await withTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                for await command in commands {
                    switch command {
                    case .start:
                        marks.startNanoseconds = BenchClock.nanoseconds()
                        marks.start = await fleet.totals()
                        await fleet.startSenders(interval: interval)
                    case .stop:
                        await fleet.stopSenders()
                        marks.stop = await fleet.totals()
                    case .report:
                        return
                    }
                }
            }
            tasks.addTask { try? await Task.sleep(until: deadline) }
            _ = await tasks.next()
            tasks.cancelAll()
        }
        progress.cancel()

        let total = await fleet.totals()
        var result = WorkerResult(total: total)
        result.cpuSeconds = ServerProbe(pids: [getpid()]).cpuSeconds() - cpuAtStart
        result.startNanoseconds = marks.startNanoseconds
        result.lastDeliveryNanoseconds = await fleet.lastDeliveryNanoseconds()
        if let start = marks.start {
            result.afterStart = total.since(start)
            result.window = (marks.stop ?? total).since(start)
        }
        if let histograms = try? await fleet.histograms() {
            result.delivery = histograms.delivery
            result.ack = histograms.ack
            result.connect = histograms.connect
        }
        output.write(WorkerMessage(kind: .result, result: result))
        // The kernel closes every socket at once; closing thousands gracefully would only slow the report.
        exit(0)
    }
}

/// The counters when the window opened and closed, set by the command task and read after it.
final class WindowMarks: Sendable {
    private let marks = Mutex<(start: BenchCounters?, stop: BenchCounters?)>((nil, nil))
    private let started = Atomic<UInt64>(0)

    /// When this worker saw `start` (``BenchClock``).
    var startNanoseconds: UInt64 {
        get { self.started.load(ordering: .relaxed) }
        set { self.started.store(newValue, ordering: .relaxed) }
    }

    var start: BenchCounters? {
        get { self.marks.withLock { $0.start } }
        set { self.marks.withLock { $0.start = newValue } }
    }

    var stop: BenchCounters? {
        get { self.marks.withLock { $0.stop } }
        set { self.marks.withLock { $0.stop = newValue } }
    }
}
