import FanmeshStore
import Foundation
import Testing

@Suite("Async writes")
struct AsyncWriteTests {
    struct Refusal: Error {}

    @Test("writeAsync commits from many tasks at once and returns each body's result")
    func manyTasks() async throws {
        try await withTemporaryStore { store in
            let table = try store.table("things")
            let sum = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        try await store.writeAsync { txn throws in
                            try txn.put(key(index), forKey: key(index), in: table)
                            return index
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(sum == (0..<200).reduce(0, +))
            try store.read { txn throws in
                #expect(try txn.count(in: table) == 200)
                #expect(try txn.entries(in: table).map(\.value) == (0..<200).map(key))
            }
        }
    }

    @Test("writeAsync rethrows the body's error and rolls its changes back")
    func throwingBodyRollsBack() async throws {
        try await withTemporaryStore { store in
            let table = try store.table("things")
            await #expect(throws: Refusal.self) {
                try await store.writeAsync { txn in
                    try txn.put([1], forKey: key(1), in: table)
                    throw Refusal()
                }
            }
            try store.read { txn throws in #expect(try txn.count(in: table) == 0) }
        }
    }

    @Test("writeAsync refuses with busy once maxQueuedWrites transactions wait, and says what to raise")
    func boundedQueue() async throws {
        try await withTemporaryStore({ $0.maxQueuedWrites = 2 }) { store in
            let table = try store.table("things")
            let started = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            async let blocker: Void = store.writeAsync { _ in
                started.signal()
                release.wait()
            }
            try await onNewThread { started.wait() }
            #expect(try store.info().queuedWrites == 0)
            let outcomes = try await withThrowingTaskGroup(of: StoreError?.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        do {
                            try await store.writeAsync { txn in try txn.put([1], forKey: key(index), in: table) }
                            return nil
                        } catch let error as StoreError {
                            return error
                        }
                    }
                }
                var outcomes: [StoreError?] = []
                for try await outcome in group {
                    outcomes.append(outcome)
                    if outcomes.count == 8 { release.signal() }
                }
                return outcomes
            }
            try await blocker
            #expect(try store.info().refusedWrites == 8)
            #expect(try store.info().queuedWrites == 0)
            let refusals = outcomes.compactMap { $0 }
            #expect(refusals.count == 8)
            #expect(refusals.allSatisfy { $0.code == .busy })
            #expect(refusals.first?.description.contains("maxQueuedWrites") == true)
            try store.read { txn throws in #expect(try txn.count(in: table) == 2) }
        }
    }

    @Test("An environment dropped without close after writeAsync closes itself, even from its writer thread")
    func droppedEnvironmentClosesItself() async throws {
        try await withTemporaryDirectory { root in
            let path = root + "/store"
            for round in 0..<20 {
                var store = try await Self.open(path: path)
                let table = try store.table("things")
                try await store.writeAsync { txn in try txn.put([UInt8(round)], forKey: key(round), in: table) }
                store = try await Self.open(path: root + "/other-\(round)")
                store.close()
            }
            let store = try await Self.open(path: path)
            defer { store.close() }
            let table = try store.table("things")
            #expect(try store.read { txn in try txn.count(in: table) } == 20)
        }
    }

    /// Opens `path`, retrying while an environment dropped a moment ago still holds it (its last reference may be
    /// released on its writer thread just after the awaited commit).
    private static func open(path: String) async throws -> LMDBEnvironment {
        for _ in 0..<1_000 {
            do {
                return try LMDBEnvironment(configuration: testConfiguration(path: path))
            } catch let error as StoreError where error.code == .busy {
                try await Task.sleep(for: .milliseconds(1))
            }
        }
        return try LMDBEnvironment(configuration: testConfiguration(path: path))
    }
}
