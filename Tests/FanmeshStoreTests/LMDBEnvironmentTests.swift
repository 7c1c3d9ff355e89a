import FanmeshStore
import Testing

@Suite("LMDBEnvironment")
struct LMDBEnvironmentTests {
    @Test("A value put in a write transaction is read back, and a delete removes it")
    func putGetDelete() async throws {
        try await withTemporaryStore { store in
            let table = try store.table("things")
            try store.write { txn throws in
                try txn.put([1, 2, 3], forKey: Array("apple".utf8), in: table)
                try txn.put([], forKey: Array("empty".utf8), in: table)
            }
            try store.read { txn throws in
                #expect(try txn.get(Array("apple".utf8), in: table) == [1, 2, 3])
                #expect(try txn.get(Array("empty".utf8), in: table) == [])
                #expect(try txn.get(Array("pear".utf8), in: table) == nil)
                #expect(try txn.count(in: table) == 2)
            }
            let deleted = try store.write { txn throws in
                (try txn.delete(Array("apple".utf8), in: table), try txn.delete(Array("pear".utf8), in: table))
            }
            #expect(deleted == (true, false))
            try store.read { txn throws in
                #expect(try !txn.contains(Array("apple".utf8), in: table))
                #expect(try txn.count(in: table) == 1)
            }
        }
    }

    @Test("A put that must not overwrite leaves the existing value and returns false")
    func putWithoutOverwrite() async throws {
        try await withTemporaryStore { store in
            let table = try store.table("things")
            let results = try store.write { txn in
                (
                    try txn.put([1], forKey: key(7), in: table, overwrite: false),
                    try txn.put([2], forKey: key(7), in: table, overwrite: false)
                )
            }
            #expect(results == (true, false))
            try store.read { txn throws in #expect(try txn.get(key(7), in: table) == [1]) }
        }
    }

    @Test("withValue lends the stored bytes in place, and gives nil for a missing key")
    func withValueBorrows() async throws {
        try await withTemporaryStore { store in
            let table = try store.table("things")
            try store.write { txn in try txn.put(Array(repeating: 9, count: 5_000), forKey: key(1), in: table) }
            try store.read { txn in
                let sum = try txn.withValue(forKey: key(1), in: table) { $0.reduce(0) { $0 + Int($1) } }
                #expect(sum == 45_000)
                #expect(try txn.withValue(forKey: key(2), in: table) { $0.count } == nil)
            }
        }
    }

    @Test("Keys and values may be any collection of bytes")
    func collectionsOfBytes() async throws {
        try await withTemporaryStore { store in
            let table = try store.table("things")
            try store.write { txn throws in
                try txn.put("hello".utf8, forKey: [UInt8]("k".utf8)[...], in: table)
                try txn.put((1...3).map { UInt8($0) }.reversed(), forKey: "r".utf8, in: table)
            }
            try store.read { txn throws in
                #expect(try txn.get("k".utf8, in: table) == Array("hello".utf8))
                #expect(try txn.get("r".utf8, in: table) == [3, 2, 1])
            }
        }
    }

    @Test("Data survives closing and reopening the environment")
    func reopenKeepsData() async throws {
        try await withTemporaryDirectory { path in
            var configuration = testConfiguration(path: path + "/nested/data")
            configuration.sync = .durable
            do {
                let store = try LMDBEnvironment(configuration: configuration)
                let table = try store.table("log")
                try store.write { txn throws in
                    for index in 0..<100 { try txn.put(key(index * 2), forKey: key(index), in: table) }
                }
                store.close()
            }
            let store = try LMDBEnvironment(configuration: configuration)
            defer { store.close() }
            let table = try store.table("log")
            try store.read { txn throws in
                #expect(try txn.count(in: table) == 100)
                #expect(try txn.get(key(42), in: table) == key(84))
            }
        }
    }

    @Test("Calls after close throw a closed error, and close may be called again")
    func useAfterClose() async throws {
        try await withTemporaryDirectory { path in
            let store = try LMDBEnvironment(configuration: testConfiguration(path: path))
            let table = try store.table("things")
            store.close()
            store.close()
            #expect(throws: StoreError.self) { try store.read { _ in } }
            let calls: [() throws -> Void] = [
                { _ = try store.read { txn in try txn.count(in: table) } },
                { _ = try store.write { txn in try txn.put([1], forKey: key(1), in: table) } },
                { _ = try store.table("other") },
                { _ = try store.info() },
            ]
            for call in calls {
                let error = try #require(throws: StoreError.self, performing: call)
                #expect(error.code == .closed)
                #expect(error.description.contains(path))
            }
            let error = await #expect(throws: StoreError.self) { try await store.writeAsync { _ in 1 } }
            #expect(error?.code == .closed)
        }
    }

    @Test("Opening a directory this process already has open is refused")
    func secondOpenRefused() async throws {
        try await withTemporaryStore { store in
            let error = #expect(throws: StoreError.self) {
                _ = try LMDBEnvironment(configuration: store.configuration)
            }
            #expect(error?.code == .busy)
            #expect(error?.description.contains(store.path) == true)
        }
    }

    @Test("A table from another environment instance is refused")
    func tableOfAnotherEnvironment() async throws {
        try await withTemporaryStore { first in
            try await withTemporaryStore { second in
                let foreign = try first.table("things")
                _ = try second.table("things")
                let error = #expect(throws: StoreError.self) {
                    try second.read { txn in _ = try txn.get(key(1), in: foreign) }
                }
                #expect(error?.code == .invalidUse)
            }
        }
    }

    @Test("A write begun inside a write or a read on the same thread throws instead of deadlocking")
    func nestedWritesThrow() async throws {
        try await withTemporaryStore { store in
            let table = try store.table("things")
            let insideWrite = #expect(throws: StoreError.self) {
                try store.write { _ in try store.write { _ in } }
            }
            #expect(insideWrite?.code == .invalidUse)
            let insideRead = #expect(throws: StoreError.self) {
                try store.read { _ in try store.write { txn in try txn.put([1], forKey: key(1), in: table) } }
            }
            #expect(insideRead?.code == .invalidUse)
            try store.read { txn throws in #expect(try txn.count(in: table) == 0) }
        }
    }

    @Test("A read nested in a write on the same thread sees the last commit, not the open write")
    func readNestedInWrite() async throws {
        try await withTemporaryStore { store in
            let table = try store.table("things")
            try store.write { txn in try txn.put([1], forKey: key(1), in: table) }
            let seen = try store.write { txn in
                try txn.put([2], forKey: key(1), in: table)
                return try store.read { inner in try inner.get(key(1), in: table) }
            }
            #expect(seen == [1])
        }
    }

    @Test("Info reports the map size, its ceiling and the bytes in use")
    func info() async throws {
        try await withTemporaryStore({ $0.mapSizeBytes = 1 << 20 }) { store in
            let table = try store.table("things")
            let before = try store.info()
            try store.write { txn in
                for index in 0..<200 { try txn.put(Array(repeating: 1, count: 1_000), forKey: key(index), in: table) }
            }
            let after = try store.info()
            #expect(after.mapSizeBytes == 1 << 20)
            #expect(after.maxMapSizeBytes == 4 << 30)
            #expect(after.pageSizeBytes > 0)
            #expect(after.usedBytes > before.usedBytes)
            #expect(after.usedBytes >= 200_000)
            #expect(after.lastTransactionID > before.lastTransactionID)
        }
    }

    @Test("Settings LMDB cannot use are refused before anything is opened")
    func invalidConfiguration() async throws {
        try await withTemporaryDirectory { path in
            var configuration = testConfiguration(path: path)
            configuration.mapSizeBytes = 8 << 20
            configuration.maxMapSizeBytes = 1 << 20
            let error = #expect(throws: StoreError.self) { _ = try LMDBEnvironment(configuration: configuration) }
            #expect(error?.code == .invalidUse)
            #expect(error?.description.contains("max_map_size") == true)
        }
    }
}
