/// The keys from ``lowerBound`` (inclusive) up to ``upperBound`` (exclusive), in LMDB's byte order (`memcmp`,
/// shorter first on a tie).
package struct KeyRange: Sendable, Hashable {
    /// The smallest key in the range; empty means from the first key.
    package var lowerBound: [UInt8]
    /// The first key past the range; `nil` means to the last key.
    package var upperBound: [UInt8]?

    /// Every key.
    package static let all = KeyRange(lowerBound: [], upperBound: nil)

    /// The keys at or after `lowerBound` and before `upperBound`.
    package init(from lowerBound: some Sequence<UInt8>, to upperBound: some Sequence<UInt8>) {
        self.init(lowerBound: Array(lowerBound), upperBound: Array(upperBound))
    }

    /// The keys at or after `lowerBound`.
    package init(from lowerBound: some Sequence<UInt8>) {
        self.init(lowerBound: Array(lowerBound), upperBound: nil)
    }

    package init(lowerBound: [UInt8], upperBound: [UInt8]?) {
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    /// The keys that start with `prefix`.
    package static func prefix(_ prefix: some Sequence<UInt8>) -> KeyRange {
        let lower = Array(prefix)
        return KeyRange(lowerBound: lower, upperBound: Self.successor(ofPrefix: lower))
    }

    /// Whether `key` falls in the range.
    package func contains(_ key: some Collection<UInt8>) -> Bool {
        withBytes(of: key) { key in
            self.lowerBound.withUnsafeBytes { compareBytes(key, $0) >= 0 } && !self.isAtOrAbove(upperBoundOf: key)
        }
    }

    /// Whether `key` is at or past ``upperBound``.
    func isAtOrAbove(upperBoundOf key: UnsafeRawBufferPointer) -> Bool {
        guard let upperBound = self.upperBound else { return false }
        return upperBound.withUnsafeBytes { compareBytes(key, $0) >= 0 }
    }

    /// Whether `key` is below ``lowerBound``.
    func isBelow(lowerBoundOf key: UnsafeRawBufferPointer) -> Bool {
        self.lowerBound.withUnsafeBytes { compareBytes(key, $0) < 0 }
    }

    /// The smallest key greater than every key starting with `prefix`: drop trailing 0xFF bytes, add one to the
    /// last; `nil` when no such key exists (an empty or all-0xFF prefix).
    private static func successor(ofPrefix prefix: [UInt8]) -> [UInt8]? {
        var bytes = prefix
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return nil
    }
}
