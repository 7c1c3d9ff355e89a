/// Reads back, in order, the fields a ``KeyEncoder`` appended.
///
/// Each `read` consumes one field; ask for the same types in the same order as they were appended.
/// - Throws: ``StoreError`` `.corrupted` when the bytes end early or do not hold the field asked for.
package struct KeyDecoder: Sendable {
    private let bytes: [UInt8]
    private var offset = 0

    package init(_ bytes: some Collection<UInt8>) {
        self.bytes = Array(bytes)
    }

    /// Whether every byte has been read.
    package var isAtEnd: Bool { self.offset == self.bytes.count }

    /// Reads an unsigned integer of the width appended with `KeyEncoder.append(_:)`.
    package mutating func read<Integer: FixedWidthInteger & UnsignedInteger>(_: Integer.Type) throws -> Integer {
        let width = MemoryLayout<Integer>.size
        guard self.bytes.count - self.offset >= width else {
            throw self.malformed("\(Integer.self) needs \(width) bytes but \(self.bytes.count - self.offset) remain")
        }
        var value: Integer = 0
        for byte in self.bytes[self.offset..<self.offset + width] {
            value = value << 8 | Integer(byte)
        }
        self.offset += width
        return value
    }

    /// Reads an integer appended with ``KeyEncoder/append(signed:)``.
    package mutating func readSigned() throws -> Int64 {
        Int64(bitPattern: try self.read(UInt64.self) ^ (1 << 63))
    }

    /// Reads a NUL-terminated string appended with `KeyEncoder.append(_:)`.
    package mutating func readString() throws -> String {
        var utf8: [UInt8] = []
        var index = self.offset
        while index + 1 < self.bytes.count {
            let byte = self.bytes[index]
            guard byte == 0 else {
                utf8.append(byte)
                index += 1
                continue
            }
            switch self.bytes[index + 1] {
            case 0:
                self.offset = index + 2
                return try self.string(from: utf8)
            case 1:
                utf8.append(0)
                index += 2
            default:
                throw self.malformed("byte \(index) holds 00 \(self.bytes[index + 1]), neither an escape nor an end")
            }
        }
        throw self.malformed("the string starting at byte \(self.offset) has no terminator")
    }

    /// Reads a string appended with ``KeyEncoder/append(lengthPrefixed:)``.
    package mutating func readLengthPrefixedString() throws -> String {
        let start = self.offset
        let length = Int(try self.read(UInt32.self))
        guard self.bytes.count - self.offset >= length else {
            self.offset = start
            throw self.malformed("the string at byte \(start) claims \(length) bytes but fewer remain")
        }
        let utf8 = self.bytes[self.offset..<self.offset + length]
        self.offset += length
        return try self.string(from: utf8)
    }

    /// Reads every byte not read yet: the field appended with ``KeyEncoder/append(bytes:)``.
    package mutating func readRemainingBytes() -> [UInt8] {
        defer { self.offset = self.bytes.count }
        return Array(self.bytes[self.offset...])
    }

    private func string(from utf8: some Collection<UInt8>) throws -> String {
        let string = String(decoding: utf8, as: UTF8.self)
        guard string.utf8.elementsEqual(utf8) else {
            throw self.malformed("the string at byte \(self.offset) is not valid UTF-8")
        }
        return string
    }

    private func malformed(_ message: String) -> StoreError {
        StoreError(
            code: .corrupted,
            operation: "KeyDecoder",
            message: message,
            fix: "decode keys with the layout they were encoded with; a table's keys must share one layout"
        )
    }
}
