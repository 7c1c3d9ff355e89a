internal import Foundation

/// The parent's commands to a worker, one per line on the worker's standard input.
enum WorkerCommand: String, Sendable {
    /// Senders start posting.
    case start
    /// Senders stop; the counting window closes.
    case stop
    /// Write the result and exit.
    case report

    /// The commands as they arrive; the stream ends when the parent closes the pipe (or dies).
    static func incoming() -> AsyncStream<WorkerCommand> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: WorkerCommand.self,
            bufferingPolicy: .bufferingOldest(16)
        )
        let thread = Thread {
            while let line = readLine() {
                if let command = WorkerCommand(rawValue: line.trimmingCharacters(in: .whitespaces)) {
                    continuation.yield(command)
                }
            }
            continuation.finish()
        }
        thread.start()
        return stream
    }
}
