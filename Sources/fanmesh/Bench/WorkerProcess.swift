internal import Foundation
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// A worker child process as the parent sees it: its latest progress, whether it is ready, its result, and a pipe
/// to send it commands. `@unchecked`: `Process` and `FileHandle` are not marked `Sendable`; the process is only
/// signalled through its pid, and the command pipe is written under `lock`.
final class WorkerProcess: @unchecked Sendable {
    struct State: Sendable {
        var counters = BenchCounters()
        var slowestMs = 0.0
        var ready = false
        var result: WorkerResult?
        var exited = false
        /// How the process ended, once it has: "status N" or "signal N".
        var exit: String?
    }

    /// The state the output reader updates and the parent reads.
    final class StateBox: Sendable {
        let state = Mutex(State())

        func apply(_ message: WorkerMessage) {
            self.state.withLock { state in
                switch message.kind {
                case .progress:
                    if let counters = message.counters { state.counters = counters }
                    state.slowestMs = max(state.slowestMs, message.slowestMs ?? 0)
                case .ready:
                    state.ready = true
                case .result:
                    state.result = message.result
                    if let total = message.result?.total { state.counters = total }
                }
            }
        }
    }

    let index: Int
    private let process: Process
    private let commands: FileHandle
    private let box = StateBox()
    private let lock = Mutex(())

    /// Starts `executable arguments`; its standard error goes to ours.
    init(index: Int, executable: String, arguments: [String]) throws {
        self.index = index
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        self.process = process
        self.commands = input.fileHandleForWriting
        let lines = LineSplitter()
        let box = self.box
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            for line in lines.feed(data) {
                guard let message = try? JSONDecoder().decode(WorkerMessage.self, from: line) else { continue }
                box.apply(message)
            }
        }
        process.terminationHandler = { process in
            let how = process.terminationReason == .uncaughtSignal ? "signal" : "status"
            box.state.withLock {
                $0.exited = true
                $0.exit = "\(how) \(process.terminationStatus)"
            }
        }
        try process.run()
    }

    var snapshot: State { self.box.state.withLock { $0 } }

    /// The slowest delivery since the last call, then forgets it.
    func takeSlowestMs() -> Double {
        self.box.state.withLock { state in
            defer { state.slowestMs = 0 }
            return state.slowestMs
        }
    }

    func send(_ command: WorkerCommand) {
        self.lock.withLock { _ in
            try? self.commands.write(contentsOf: Data((command.rawValue + "\n").utf8))
        }
    }

    func kill() {
        if self.process.isRunning { Glibc.kill(self.process.processIdentifier, SIGKILL) }
    }
}

/// Splits a byte stream into lines. Called from one reader thread at a time.
final class LineSplitter: Sendable {
    private let pending = Mutex(Data())

    func feed(_ data: Data) -> [Data] {
        self.pending.withLock { pending in
            pending.append(data)
            var lines: [Data] = []
            while let newline = pending.firstIndex(of: 0x0A) {
                lines.append(Data(pending[pending.startIndex..<newline]))
                pending = Data(pending[(newline + 1)...])
            }
            return lines
        }
    }
}
