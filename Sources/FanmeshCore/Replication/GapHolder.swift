/// Applies one origin's log gap-free: entries that follow what was applied pass; entries further ahead wait for
/// their predecessors; entries already applied are dropped.
///
/// A value type per origin; the caller feeds it what arrives and applies what it returns, in order.
package struct GapHolder<Entry: Sendable>: Sendable {
    /// What arrived, after sorting out duplicates and gaps.
    package struct Outcome {
        /// Entries to apply now, consecutive from `applied + 1`.
        package var ready: [Entry]
        /// How many arrivals were duplicates of entries already applied or held.
        package var duplicates: Int
        /// How many arrivals were dropped because too many entries are already held.
        package var overflow: Int
    }

    /// The highest sequence applied (or handed out as ready).
    package private(set) var applied: UInt64
    /// Most entries held waiting for a gap to fill; past it, later arrivals are dropped (they are pulled again).
    package let capacity: Int
    private var held: [UInt64: Entry] = [:]

    package init(applied: UInt64, capacity: Int = 100_000) {
        self.applied = applied
        self.capacity = capacity
    }

    /// The first missing sequence when entries are held beyond a gap; nil when nothing waits.
    package var firstMissing: UInt64? { self.held.isEmpty ? nil : self.applied + 1 }

    package var heldCount: Int { self.held.count }

    /// Takes arriving entries (any order) and returns those that can be applied now, in order.
    package mutating func receive(_ entries: [(sequence: UInt64, entry: Entry)]) -> Outcome {
        var outcome = Outcome(ready: [], duplicates: 0, overflow: 0)
        for (sequence, entry) in entries {
            if sequence <= self.applied || self.held[sequence] != nil {
                outcome.duplicates += 1
            } else if sequence == self.applied + 1 {
                outcome.ready.append(entry)
                self.applied = sequence
                while let next = self.held.removeValue(forKey: self.applied + 1) {
                    outcome.ready.append(next)
                    self.applied += 1
                }
            } else if self.held.count < self.capacity {
                self.held[sequence] = entry
            } else {
                outcome.overflow += 1
            }
        }
        return outcome
    }

    /// Skips to `sequence` when the source says everything before it is gone (retention): held entries at or
    /// below it are dropped and any that now follow become ready.
    package mutating func skip(to sequence: UInt64) -> [Entry] {
        guard sequence > self.applied else { return [] }
        self.applied = sequence
        self.held = self.held.filter { $0.key > sequence }
        var ready: [Entry] = []
        while let next = self.held.removeValue(forKey: self.applied + 1) {
            ready.append(next)
            self.applied += 1
        }
        return ready
    }
}
