/// Builds a key from a tuple of fields so that LMDB's byte order is the tuple's order: keys sort by their first
/// field, then by the second, and so on. ``KeyDecoder`` reads the fields back.
///
/// ```swift
/// var key = KeyEncoder()
/// key.append(room)            // String: sorts as its UTF-8 bytes
/// key.append(UInt64(seq))     // big-endian, so 2 sorts before 10
/// try txn.put(body, forKey: key.bytes, in: chatLog)
/// ```
///
/// Keys of one table should share a layout; `KeyRange.prefix(_:)` over the leading fields selects a group.
package struct KeyEncoder: Sendable, Hashable {
    /// The key so far.
    package private(set) var bytes: [UInt8] = []

    package init() {}

    /// Appends an unsigned integer big-endian, in its full width (8 bytes for `UInt64`), so numbers sort by value.
    package mutating func append(_ value: some FixedWidthInteger & UnsignedInteger) {
        withUnsafeBytes(of: value.bigEndian) { self.bytes.append(contentsOf: $0) }
    }

    /// Appends a signed integer as 8 bytes that sort by value, negatives first (big-endian, sign bit flipped).
    package mutating func append(signed value: Int64) {
        self.append(UInt64(bitPattern: value) ^ (1 << 63))
    }

    /// Appends `string`'s UTF-8 bytes and a terminator, so strings sort by their bytes and a shorter string sorts
    /// before any longer one it begins; NUL bytes inside are escaped (`00` → `00 01`; the terminator is `00 00`).
    package mutating func append(_ string: some StringProtocol) {
        for byte in string.utf8 {
            self.bytes.append(byte)
            if byte == 0 {
                self.bytes.append(1)
            }
        }
        self.bytes.append(contentsOf: [0, 0])
    }

    /// Appends `string` after its UTF-8 length as a big-endian `UInt32`: shorter strings sort first, then by bytes.
    /// Use it where that order is wanted, or to read the field back without scanning for a terminator.
    package mutating func append(lengthPrefixed string: some StringProtocol) {
        self.append(UInt32(string.utf8.count))
        self.bytes.append(contentsOf: string.utf8)
    }

    /// Appends `bytes` as they are, with no length or terminator: only as the last field.
    package mutating func append(bytes: some Sequence<UInt8>) {
        self.bytes.append(contentsOf: bytes)
    }
}
