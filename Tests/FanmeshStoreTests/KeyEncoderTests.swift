import FanmeshStore
import FanmeshTestSupport
import Testing

@Suite("Key encoding")
struct KeyEncoderTests {
    struct Row: Comparable, Sendable {
        var origin: String
        var sequence: UInt64
        var part: UInt16
        var label: String

        static func < (lhs: Row, rhs: Row) -> Bool {
            func utf8(_ string: String) -> [UInt8] { Array(string.utf8) }
            if lhs.origin != rhs.origin { return utf8(lhs.origin).lexicographicallyPrecedes(utf8(rhs.origin)) }
            if lhs.sequence != rhs.sequence { return lhs.sequence < rhs.sequence }
            if lhs.part != rhs.part { return lhs.part < rhs.part }
            return utf8(lhs.label).lexicographicallyPrecedes(utf8(rhs.label))
        }

        var key: [UInt8] {
            var encoder = KeyEncoder()
            encoder.append(self.origin)
            encoder.append(self.sequence)
            encoder.append(self.part)
            encoder.append(self.label)
            return encoder.bytes
        }
    }

    @Test("Encoded keys sort in the order of the tuples they encode")
    func byteOrderIsTupleOrder() {
        var generator = SeededGenerator(seed: 7)
        let strings = [
            "", "a", "a\u{0}", "a\u{0}\u{0}", "a\u{1}", "ab", "b", "\u{0}", "é", "\u{FFFF}", "zz", "a\u{0}b",
        ]
        let numbers: [UInt64] = [0, 1, 2, 255, 256, 65_535, 1 << 32, .max - 1, .max]
        let rows = (0..<3_000).map { _ in
            Row(
                origin: strings.randomElement(using: &generator)!,
                sequence: numbers.randomElement(using: &generator)!,
                part: ([0, 1, 0x7FFF, 0x8000, 0xFFFF] as [UInt16]).randomElement(using: &generator)!,
                label: strings.randomElement(using: &generator)!
            )
        }
        let byTuple = rows.sorted().map(\.key)
        let byBytes = rows.map(\.key).sorted { $0.lexicographicallyPrecedes($1) }
        #expect(byTuple == byBytes)
    }

    @Test("Signed integers sort by value, negatives first")
    func signedOrder() throws {
        let values: [Int64] = [.min, -65_536, -2, -1, 0, 1, 2, 1 << 40, .max]
        let keys = values.map { value -> [UInt8] in
            var encoder = KeyEncoder()
            encoder.append(signed: value)
            return encoder.bytes
        }
        #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
        for (value, key) in zip(values, keys) {
            var decoder = KeyDecoder(key)
            #expect(try decoder.readSigned() == value)
        }
    }

    @Test("Length-prefixed strings sort by length, then by bytes")
    func lengthPrefixedOrder() {
        let strings = ["b", "ab", "ba", "aaa", "z", ""]
        let keys = strings.map { string -> [UInt8] in
            var encoder = KeyEncoder()
            encoder.append(lengthPrefixed: string)
            return encoder.bytes
        }
        let order = zip(strings, keys).sorted { $0.1.lexicographicallyPrecedes($1.1) }.map(\.0)
        #expect(order == ["", "b", "z", "ab", "ba", "aaa"])
    }

    @Test("Every field decodes to what was encoded, in order")
    func roundTrip() throws {
        var encoder = KeyEncoder()
        encoder.append(UInt64.max - 3)
        encoder.append(UInt32(70_000))
        encoder.append(UInt16(513))
        encoder.append(UInt8(9))
        encoder.append("seoul\u{0}room ✓")
        encoder.append(signed: -42)
        encoder.append(lengthPrefixed: "frankfurt")
        encoder.append(bytes: [0xFF, 0x00, 0x01])
        var decoder = KeyDecoder(encoder.bytes)
        #expect(try decoder.read(UInt64.self) == .max - 3)
        #expect(try decoder.read(UInt32.self) == 70_000)
        #expect(try decoder.read(UInt16.self) == 513)
        #expect(try decoder.read(UInt8.self) == 9)
        #expect(try decoder.readString() == "seoul\u{0}room ✓")
        #expect(try decoder.readSigned() == -42)
        #expect(try decoder.readLengthPrefixedString() == "frankfurt")
        #expect(!decoder.isAtEnd)
        #expect(decoder.readRemainingBytes() == [0xFF, 0x00, 0x01])
        #expect(decoder.isAtEnd)
    }

    @Test(
        "Malformed keys fail to decode with a corrupted error instead of crashing",
        arguments: [
            [0x00] as [UInt8],
            [0x61, 0x62],
            [0x61, 0x00, 0x02],
            [0x61, 0x00],
            [0xC3, 0x00, 0x00],
        ]
    )
    func malformedString(bytes: [UInt8]) {
        var decoder = KeyDecoder(bytes)
        let error = #expect(throws: StoreError.self) {
            _ = try decoder.readString()
        }
        #expect(error?.code == .corrupted)
    }

    @Test("A length prefix longer than the bytes left fails to decode")
    func truncatedLengthPrefix() {
        var decoder = KeyDecoder([0, 0, 0, 9, 0x61])
        let error = #expect(throws: StoreError.self) { _ = try decoder.readLengthPrefixedString() }
        #expect(error?.code == .corrupted)
    }
}
