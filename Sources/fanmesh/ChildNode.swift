internal import Foundation
internal import Synchronization

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// One node process started by `mesh up`, with its output forwarded line by line behind its id.
/// `@unchecked`: `Process` is not marked `Sendable`, but its pid and `isRunning` are safe to read from any thread,
/// and nothing else of it is touched after `run()`.
final class ChildNode: @unchecked Sendable {
    /// How a child ended.
    struct Exit: Sendable, CustomStringConvertible {
        var nodeID: String
        var status: Int32
        var killedBySignal: Bool

        var description: String {
            self.killedBySignal
                ? "\(self.nodeID) was killed by signal \(self.status)"
                : "\(self.nodeID) exited with status \(self.status)"
        }
    }

    let nodeID: String
    private let process: Process

    /// Starts `executable` with `arguments`; `onExit` runs once when the process ends.
    init(
        nodeID: String,
        executable: String,
        arguments: [String],
        output: LinePrefixer,
        onExit: @escaping @Sendable (Exit) -> Void
    ) throws {
        self.nodeID = nodeID
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let reader = pipe.fileHandleForReading
        reader.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                output.finish(source: nodeID)
            } else {
                output.write(Array(data), source: nodeID)
            }
        }
        process.terminationHandler = { process in
            onExit(
                Exit(
                    nodeID: nodeID,
                    status: process.terminationStatus,
                    killedBySignal: process.terminationReason == .uncaughtSignal
                )
            )
        }
        self.process = process
        try process.run()
    }

    var isRunning: Bool { self.process.isRunning }

    /// Asks the node to stop gracefully (SIGTERM).
    func requestStop() {
        if self.process.isRunning { sendSignal(SIGTERM, to: self.process.processIdentifier) }
    }

    /// Stops the node at once (SIGKILL).
    func forceStop() {
        if self.process.isRunning { sendSignal(SIGKILL, to: self.process.processIdentifier) }
    }
}

private func sendSignal(_ signal: Int32, to pid: Int32) {
    _ = kill(pid, signal)
}
