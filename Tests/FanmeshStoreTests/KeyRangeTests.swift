import FanmeshStore
import Testing

@Suite("KeyRange")
struct KeyRangeTests {
    @Test(
        "A prefix range ends at the smallest key past every key with that prefix",
        arguments: [
            (prefix: [0x01] as [UInt8], upper: [0x02] as [UInt8]?),
            ([0x01, 0x02], [0x01, 0x03]),
            ([0x01, 0xFF], [0x02]),
            ([0x01, 0xFF, 0xFF], [0x02]),
            ([0xFF, 0xFF], nil),
            ([], nil),
        ]
    )
    func prefixUpperBound(prefix: [UInt8], upper: [UInt8]?) {
        let range = KeyRange.prefix(prefix)
        #expect(range.lowerBound == prefix)
        #expect(range.upperBound == upper)
    }

    @Test("contains follows LMDB's byte order: inclusive lower bound, exclusive upper, shorter first")
    func contains() {
        let range = KeyRange(from: [0x10], to: [0x20])
        #expect(range.contains([0x10]))
        #expect(range.contains([0x10, 0x00]))
        #expect(range.contains([0x1F, 0xFF, 0xFF]))
        #expect(!range.contains([0x20]))
        #expect(!range.contains([0x0F, 0xFF]))
        #expect(KeyRange.prefix([0x01, 0xFF]).contains([0x01, 0xFF, 0xFF, 0x00]))
        #expect(!KeyRange.prefix([0x01, 0xFF]).contains([0x02]))
        #expect(KeyRange.all.contains([0x00]))
    }
}
