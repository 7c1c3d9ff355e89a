import FanmeshStore
import Foundation
import Testing

@Suite("Transaction isolation")
struct TransactionIsolationTests {
    struct Refusal: Error {}

    @Test("A write closure that throws rolls back every change it made")
    func throwingWriteRollsBack() async throws {
        try await withTemporaryStore { store in
            let table = try store.table("things")
            try store.write { txn throws in try txn.put([1], forKey: key(1), in: table) }
            #expect(throws: Refusal.self) {
                try store.write { txn throws in
                    try txn.put([2], forKey: key(1), in: table)
                    try txn.put([3], forKey: key(2), in: table)
                    try txn.delete(key(1), in: table)
                    throw Refusal()
                }
            }
            try store.read { txn throws in
                #expect(try txn.get(key(1), in: table) == [1])
                #expect(try txn.get(key(2), in: table) == nil)
                #expect(try txn.count(in: table) == 1)
            }
        }
    }

    @Test("Readers keep the snapshot they started with while a write commits")
    func readersKeepTheirSnapshot() async throws {
        try await withTemporaryStore { store in
            let table = try store.table("things")
            try store.write { txn in try txn.put(Array("old".utf8), forKey: key(1), in: table) }
            let readerCount = 4
            let opened = DispatchSemaphore(value: 0)
            let committed = DispatchSemaphore(value: 0)
            async let readers = withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<readerCount {
                    group.addTask {
                        try await onNewThread {
                            try store.read { txn in
                                let before = String(decoding: try txn.get(key(1), in: table) ?? [], as: UTF8.self)
                                opened.signal()
                                committed.wait()
                                let after = String(decoding: try txn.get(key(1), in: table) ?? [], as: UTF8.self)
                                return [before, after, String(try txn.count(in: table))]
                            }
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            try await onNewThread {
                for _ in 0..<readerCount { opened.wait() }
                try store.write { txn throws in
                    try txn.put(Array("new".utf8), forKey: key(1), in: table)
                    try txn.put([1], forKey: key(2), in: table)
                }
                for _ in 0..<readerCount { committed.signal() }
            }
            #expect(try await readers == Array(repeating: ["old", "old", "1"], count: readerCount))
            try store.read { txn throws in
                #expect(try txn.get(key(1), in: table) == Array("new".utf8))
                #expect(try txn.count(in: table) == 2)
            }
        }
    }

    @Test("Writes from many threads at once are serialised and all commit")
    func concurrentSynchronousWrites() async throws {
        try await withTemporaryStore { store in
            let table = try store.table("counter")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await onNewThread {
                            for _ in 0..<50 {
                                try store.write { txn in
                                    let current =
                                        try txn.get(key(0), in: table).map { Int($0[0]) << 8 | Int($0[1]) } ?? 0
                                    let next = current + 1
                                    try txn.put([UInt8(next >> 8), UInt8(next & 0xFF)], forKey: key(0), in: table)
                                }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            try store.read { txn throws in #expect(try txn.get(key(0), in: table) == [1, 144]) }
        }
    }
}
