/// For each origin node, the highest sequence number applied with every earlier one applied too.
///
/// A replica subscribes with its vector and is sent, per origin, exactly what follows; two vectors merge by taking
/// each origin's maximum. Origins a vector does not mention are at 0 (nothing applied).
package struct VersionVector: Sendable, Hashable, CustomStringConvertible {
    package private(set) var sequences: [String: UInt64]

    package init(_ sequences: [String: UInt64] = [:]) {
        self.sequences = sequences.filter { $0.value > 0 }
    }

    package subscript(origin: String) -> UInt64 {
        get { self.sequences[origin] ?? 0 }
        set { self.sequences[origin] = newValue > 0 ? newValue : nil }
    }

    /// Raises each origin to the other vector's sequence where that is higher.
    package mutating func merge(_ other: VersionVector) {
        for (origin, sequence) in other.sequences where sequence > self[origin] {
            self[origin] = sequence
        }
    }

    package func merging(_ other: VersionVector) -> VersionVector {
        var copy = self
        copy.merge(other)
        return copy
    }

    /// Whether this vector has applied everything `other` has.
    package func dominates(_ other: VersionVector) -> Bool {
        other.sequences.allSatisfy { self[$0.key] >= $0.value }
    }

    package var origins: [String] { self.sequences.keys.sorted() }

    package var description: String {
        "[" + self.origins.map { "\($0):\(self[$0])" }.joined(separator: ", ") + "]"
    }
}
