internal import Foundation
internal import Synchronization

/// A line a worker writes to its standard output for the parent: JSON, one per line.
struct WorkerMessage: Codable, Sendable {
    enum Kind: String, Codable, Sendable {
        /// Counters so far, every second.
        case progress
        /// Every connection attempt has ended and the connected ones are in the room.
        case ready
        /// The final report; the worker exits after it.
        case result
    }

    var kind: Kind
    var counters: BenchCounters?
    /// The slowest delivery since the last progress line, in milliseconds.
    var slowestMs: Double?
    var result: WorkerResult?
}

/// What one worker measured.
struct WorkerResult: Codable, Sendable {
    /// Everything, from the first connect.
    var total = BenchCounters()
    /// Between the parent's `start` and `stop`.
    var window = BenchCounters()
    /// From `start` to the report, so including the drain after `stop`.
    var afterStart = BenchCounters()
    var delivery = LatencySnapshot()
    var ack = LatencySnapshot()
    var connect = LatencySnapshot()
    /// CPU this worker process used, user plus system, in seconds.
    var cpuSeconds = 0.0
    /// When the worker saw `start`, and its last delivery (``BenchClock`` nanoseconds; 0: none).
    var startNanoseconds: UInt64 = 0
    var lastDeliveryNanoseconds: UInt64 = 0
}

/// Writes whole lines to standard output from any thread.
final class LineWriter: Sendable {
    private let lock = Mutex(())

    func write(_ message: WorkerMessage) {
        guard var data = try? JSONEncoder().encode(message) else { return }
        data.append(0x0A)
        self.lock.withLock { _ in FileHandle.standardOutput.write(data) }
    }
}
