import FanmeshStore
import Foundation
import Testing

@Suite("Map growth")
struct MapGrowthTests {
    struct CountWentBackwards: Error {
        var before: Int
        var now: Int
    }

    @Test("A full map doubles on its own up to the ceiling, then refuses with mapFull and a clear message")
    func growsThenRefuses() async throws {
        try await withTemporaryDirectory { path in
            var configuration = testConfiguration(path: path)
            configuration.mapSizeBytes = 64 * 1024
            configuration.maxMapSizeBytes = 1024 * 1024
            let store = try LMDBEnvironment(configuration: configuration)
            let table = try store.table("chat_log")
            let value = [UInt8](repeating: 0xAB, count: 16 * 1024)
            var mapSizes: Set<Int> = [try store.info().mapSizeBytes]
            var committed = 0
            var refusal: StoreError?
            while refusal == nil && committed < 1_000 {
                do {
                    try store.write { txn throws in
                        try txn.put([1], forKey: key(1_000_000 + committed), in: table)
                        try txn.put(value, forKey: key(committed), in: table)
                    }
                    committed += 1
                    mapSizes.insert(try store.info().mapSizeBytes)
                } catch let error as StoreError {
                    refusal = error
                }
            }
            let error = try #require(refusal)
            #expect(error.code == .mapFull)
            #expect(error.table == "chat_log" || error.operation == "mdb_txn_commit")
            #expect(error.description.contains("MDB_MAP_FULL — the map reached its ceiling of 1 MiB"))
            #expect(error.description.contains("raise lmdb.max_map_size in the region file"))
            #expect(mapSizes == [64 * 1024, 128 * 1024, 256 * 1024, 512 * 1024, 1024 * 1024])
            #expect(committed > 30)
            try store.read { txn throws in
                #expect(try txn.count(in: table) == 2 * committed)
                #expect(try txn.get(key(committed - 1), in: table) == value)
                #expect(try txn.get(key(1_000_000 + committed), in: table) == nil)
            }
            store.close()

            let reopened = try LMDBEnvironment(configuration: configuration)
            defer { reopened.close() }
            let info = try reopened.info()
            #expect(info.mapSizeBytes >= info.usedBytes)
            let reopenedTable = try reopened.table("chat_log")
            #expect(try reopened.read { txn in try txn.count(in: reopenedTable) } == 2 * committed)
        }
    }

    @Test("A write the body swallowed the map-full error of still grows the map and is retried")
    func swallowedMapFullIsRetried() async throws {
        try await withTemporaryStore({
            $0.mapSizeBytes = 64 * 1024
            $0.maxMapSizeBytes = 4 * 1024 * 1024
        }) { store in
            let table = try store.table("blobs")
            var attempts = 0
            try store.write { txn in
                attempts += 1
                for index in 0..<64 {
                    do {
                        try txn.put([UInt8](repeating: 7, count: 8 * 1024), forKey: key(index), in: table)
                    } catch {
                        return
                    }
                }
            }
            #expect(attempts > 1)
            try store.read { txn throws in #expect(try txn.count(in: table) == 64) }
        }
    }

    @Test("Reads on other threads keep working while writes grow the map under them")
    func growthUnderConcurrentReaders() async throws {
        try await withTemporaryStore({
            $0.mapSizeBytes = 64 * 1024
            $0.maxMapSizeBytes = 64 * 1024 * 1024
        }) { store in
            let table = try store.table("blobs")
            let stop = StopFlag()
            async let readers = withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await onNewThread {
                            var reads = 0
                            var lastCount = 0
                            while !stop.isSet {
                                let count = try store.read { txn in
                                    let count = try txn.count(in: table)
                                    if count > 0 {
                                        _ = try txn.last(in: table)
                                    }
                                    return count
                                }
                                guard count >= lastCount else {
                                    throw CountWentBackwards(before: lastCount, now: count)
                                }
                                lastCount = count
                                reads += 1
                            }
                            return reads
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            for index in 0..<200 {
                try await store.writeAsync { txn in
                    try txn.put([UInt8](repeating: UInt8(index % 256), count: 8 * 1024), forKey: key(index), in: table)
                }
            }
            stop.set()
            #expect(try await readers > 0)
            #expect(try store.info().mapSizeBytes >= 2 * 1024 * 1024)
            #expect(try store.read { txn in try txn.count(in: table) } == 200)
        }
    }
}
