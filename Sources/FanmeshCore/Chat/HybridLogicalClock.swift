/// A hybrid logical clock: timestamps close to wall-clock time that never go backwards, even when the wall clock
/// does, and that order an event after every event it has seen from other nodes.
///
/// A timestamp packs milliseconds since the Unix epoch in its upper 48 bits and a logical counter in its lower 16,
/// so plain integer order is causal order and `milliseconds` is the time to show a person.
package struct HybridLogicalClock: Sendable {
    /// One clock reading.
    package struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
        package var rawValue: UInt64

        package init(rawValue: UInt64) {
            self.rawValue = rawValue
        }

        package init(milliseconds: UInt64, counter: UInt16) {
            self.rawValue = (milliseconds << 16) | UInt64(counter)
        }

        /// Milliseconds since the Unix epoch.
        package var milliseconds: UInt64 { self.rawValue >> 16 }
        package var counter: UInt16 { UInt16(truncatingIfNeeded: self.rawValue) }

        package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

        package var description: String { "\(self.milliseconds).\(self.counter)" }
    }

    private var last = Timestamp(rawValue: 0)

    /// How far ahead of the local wall clock a remote timestamp may be and still move this clock. A node whose clock
    /// is further ahead (or a corrupt record) would otherwise drag every later timestamp with it, up to the end
    /// of the 48-bit range.
    package static let maxForwardDriftMilliseconds: UInt64 = 60_000

    package init() {}

    /// The timestamp for a local event, given the wall clock's reading in milliseconds since the Unix epoch.
    package mutating func now(wallMilliseconds: UInt64) -> Timestamp {
        self.last = Self.after(self.last, wallMilliseconds: wallMilliseconds)
        return self.last
    }

    /// Moves the clock past a timestamp received from another node, so later local events order after it —
    /// unless the remote time is more than ``maxForwardDriftMilliseconds`` ahead of the wall clock, which is ignored.
    package mutating func observe(_ remote: Timestamp, wallMilliseconds: UInt64) {
        if remote > self.last, remote.milliseconds <= wallMilliseconds + Self.maxForwardDriftMilliseconds {
            self.last = remote
        }
        self.last = Self.after(self.last, wallMilliseconds: wallMilliseconds)
    }

    private static func after(_ last: Timestamp, wallMilliseconds: UInt64) -> Timestamp {
        let wall = wallMilliseconds & ((1 << 48) - 1)
        if wall > last.milliseconds { return Timestamp(milliseconds: wall, counter: 0) }
        if last.counter < UInt16.max { return Timestamp(rawValue: last.rawValue + 1) }
        // The counter ran out within one millisecond: borrow the next millisecond rather than go backwards.
        return Timestamp(milliseconds: last.milliseconds + 1, counter: 0)
    }
}
