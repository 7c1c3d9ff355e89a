import FanmeshStore
import FanmeshTestSupport
import Testing

@Suite("Range scans")
struct RangeScanTests {
    /// A store whose table `numbers` maps `key(n)` to `key(n)` for every n in 0..<count, put in random order.
    private func withNumbers(count: Int, _ body: (LMDBEnvironment, Table) async throws -> Void) async throws {
        try await withTemporaryStore { store in
            let table = try store.table("numbers")
            var generator = SeededGenerator(seed: 42)
            let order = (0..<count).shuffled(using: &generator)
            try store.write { txn throws in
                for number in order { try txn.put(key(number), forKey: key(number), in: table) }
            }
            try await body(store, table)
        }
    }

    @Test("Ten thousand keys put in random order scan back in key order")
    func fullScanIsOrdered() async throws {
        try await self.withNumbers(count: 10_000) { store, table in
            try store.read { txn throws in
                #expect(try txn.count(in: table) == 10_000)
                #expect(try txn.entries(in: table).map(\.key) == (0..<10_000).map(key))
                #expect(try txn.entries(in: table, reverse: true).map(\.key) == (0..<10_000).reversed().map(key))
            }
        }
    }

    @Test(
        "A range scan covers its lower bound but not its upper, in either direction, up to its limit",
        arguments: [
            (lower: 100, upper: 200, reverse: false, limit: Int.max, expected: Array(100..<200)),
            (lower: 100, upper: 200, reverse: true, limit: Int.max, expected: Array((100..<200).reversed())),
            (lower: 100, upper: 200, reverse: false, limit: 5, expected: Array(100..<105)),
            (lower: 100, upper: 200, reverse: true, limit: 5, expected: Array((195..<200).reversed())),
            (lower: 9_995, upper: 20_000, reverse: false, limit: Int.max, expected: Array(9_995..<10_000)),
            (lower: 9_995, upper: 20_000, reverse: true, limit: 2, expected: [9_999, 9_998]),
            (lower: 0, upper: 3, reverse: true, limit: Int.max, expected: [2, 1, 0]),
            (lower: 500, upper: 500, reverse: false, limit: Int.max, expected: []),
            (lower: 500, upper: 500, reverse: true, limit: Int.max, expected: []),
            (lower: 20_000, upper: 30_000, reverse: true, limit: Int.max, expected: []),
            (lower: 100, upper: 200, reverse: false, limit: 0, expected: []),
        ]
    )
    func boundedScan(lower: Int, upper: Int, reverse: Bool, limit: Int, expected: [Int]) async throws {
        try await self.withNumbers(count: 10_000) { store, table in
            let range = KeyRange(from: key(lower), to: key(upper))
            let keys = try store.read { txn throws in
                try txn.entries(in: table, range, reverse: reverse, limit: limit).map(\.key)
            }
            #expect(keys == expected.map(key))
        }
    }

    @Test("A scan whose visitor returns false stops there, and reports how many it visited")
    func visitorStopsScan() async throws {
        try await self.withNumbers(count: 1_000) { store, table in
            var seen: [[UInt8]] = []
            let visited = try store.read { txn throws in
                try txn.scan(in: table, KeyRange(from: key(10))) { key, _ in
                    seen.append(Array(key))
                    return seen.count < 3
                }
            }
            #expect(visited == 3)
            #expect(seen == [key(10), key(11), key(12)])
        }
    }

    @Test("A prefix scan returns exactly the keys that start with the prefix, forwards and backwards")
    func prefixScan() async throws {
        try await withTemporaryStore { store in
            let table = try store.table("rooms")
            let keys: [[UInt8]] = [
                [0x01], [0x01, 0x00], [0x01, 0xFF], [0x01, 0xFF, 0xFF], [0x02], [0x02, 0x00], [0xFF], [0xFF, 0x01],
            ]
            try store.write { txn throws in for key in keys { try txn.put([], forKey: key, in: table) } }
            try store.read { txn throws in
                #expect(try txn.entries(in: table, .prefix([0x01])).map(\.key) == Array(keys[0..<4]))
                #expect(try txn.entries(in: table, .prefix([0x01, 0xFF])).map(\.key) == Array(keys[2..<4]))
                #expect(
                    try txn.entries(in: table, .prefix([0xFF]), reverse: true).map(\.key) == [[0xFF, 0x01], [0xFF]]
                )
                #expect(try txn.entries(in: table, .prefix([0x03])).isEmpty)
            }
        }
    }

    @Test("first(in:) and last(in:) find the oldest and newest entry of one group of a log")
    func firstAndLastOfGroup() async throws {
        try await withTemporaryStore { store in
            let table = try store.table("chat_log")
            func logKey(_ room: String, _ sequence: UInt64) -> [UInt8] {
                var encoder = KeyEncoder()
                encoder.append(room)
                encoder.append(sequence)
                return encoder.bytes
            }
            try store.write { txn throws in
                for room in ["a", "ab", "b"] {
                    for sequence in [3, 1, 250, 7] as [UInt64] {
                        try txn.put(Array("\(room)#\(sequence)".utf8), forKey: logKey(room, sequence), in: table)
                    }
                }
            }
            var group = KeyEncoder()
            group.append("a")
            try store.read { txn throws in
                #expect(try txn.last(in: table, .prefix(group.bytes))?.value == Array("a#250".utf8))
                #expect(try txn.first(in: table, .prefix(group.bytes))?.value == Array("a#1".utf8))
                #expect(try txn.last(in: table)?.value == Array("b#250".utf8))
                #expect(try txn.last(in: table, .prefix([0x7A])) == nil)
            }
        }
    }

    @Test("deleteAll removes only the entries in its range, or every entry without one")
    func deleteRange() async throws {
        try await self.withNumbers(count: 1_000) { store, table in
            let removed = try store.write { txn in try txn.deleteAll(in: table, KeyRange(from: key(100), to: key(900)))
            }
            #expect(removed == 800)
            try store.read { txn throws in
                #expect(try txn.entries(in: table).map(\.key) == (Array(0..<100) + Array(900..<1_000)).map(key))
            }
            #expect(try store.write { txn in try txn.deleteAll(in: table) } == 200)
            try store.read { txn throws in #expect(try txn.count(in: table) == 0) }
        }
    }
}
