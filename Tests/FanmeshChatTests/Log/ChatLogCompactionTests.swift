import FanmeshCore
import FanmeshStore
import Foundation
import Synchronization
import Testing

@testable import FanmeshChat

@Suite("Chat log retention and compaction")
struct ChatLogCompactionTests {
    static let window = ChatLog.ReplayWindow(maxMessages: 1_000, maxAge: nil)

    @Test("The count rule keeps each room's newest messages and records the highest sequence deleted")
    func countRule() async throws {
        try await TemporaryChatLog.withLog(configure: { $0.retentionMaxMessagesPerRoom = 10 }) { log in
            try await log.appendAll((1...30).map { TemporaryChatLog.draft("show", text: "m\($0)") })
            try await log.appendAll((1...3).map { TemporaryChatLog.draft("other", text: "o\($0)") })

            let result = try await log.compact()
            #expect(result.deletedMessages == 20)
            #expect(result.floors == ["seoul-1": 20])
            #expect(try log.retentionFloor(of: "seoul-1") == 20)

            let show = try log.page(room: "show", since: nil, limit: 100, window: Self.window)
            #expect(show.head == 30 && show.messages.map(\.position) == Array(21...30))
            let other = try log.page(room: "other", since: 0, limit: 100, window: Self.window)
            #expect(other.recovered && other.messages.map(\.message.text) == ["o1", "o2", "o3"])

            // What follows the floor is contiguous, after a gap marker.
            let batch = try log.entries(origin: "seoul-1", after: 0, limit: 100, maxBytes: 1 << 20)
            #expect(batch.gapThrough == 20)
            #expect(batch.messages.map(\.id.sequence) == Array(21...33))
            let caughtUp = try log.entries(origin: "seoul-1", after: 25, limit: 100, maxBytes: 1 << 20)
            #expect(caughtUp.gapThrough == nil && caughtUp.messages.first?.id.sequence == 26)

            let again = try await log.compact()
            #expect(again.deletedMessages == 0 && again.floors.isEmpty && again.transactions == 1)
        }
    }

    @Test("The age rule deletes messages older than the retention age")
    func ageRule() async throws {
        try await TemporaryChatLog.withLog(configure: { $0.retentionMaxAge = .seconds(600) }) { log in
            try ChatLogPageTests.storeOld(count: 3, room: "show", minutesAgo: 20, in: log)
            try await log.appendAll((1...3).map { TemporaryChatLog.draft("show", text: "new\($0)") })

            let result = try await log.compact()
            #expect(result.deletedMessages == 3)
            #expect(result.floors == ["tokyo-1": 3])
            #expect(try log.retentionFloor(of: "tokyo-1") == 3)
            #expect(try log.retentionFloor(of: "seoul-1") == 0)
            let page = try log.page(room: "show", since: 3, limit: 100, window: Self.window)
            #expect(page.recovered && page.messages.map(\.message.text) == ["new1", "new2", "new3"])
        }
    }

    @Test("A since below a room's oldest retained position gets recovered false and the latest page")
    func sinceBelowRetained() async throws {
        try await TemporaryChatLog.withLog(configure: { $0.retentionMaxMessagesPerRoom = 10 }) { log in
            try await log.appendAll((1...30).map { TemporaryChatLog.draft("show", text: "m\($0)") })
            try await log.compact()
            for since: UInt64 in [0, 5, 19] {
                let page = try log.page(room: "show", since: since, limit: 4, window: Self.window)
                #expect(!page.recovered && page.head == 30, "since \(since)")
                #expect(page.messages.map(\.position) == [27, 28, 29, 30])
            }
            let edge = try log.page(room: "show", since: 20, limit: 100, window: Self.window)
            #expect(edge.recovered && edge.messages.map(\.position) == Array(21...30))
            // The history API (no replay window) answers the same below the floor.
            let unbounded = ChatLog.ReplayWindow(maxMessages: .max, maxAge: nil)
            #expect(try !log.page(room: "show", since: 1, limit: 4, window: unbounded).recovered)
        }
    }

    @Test("Compaction runs in transactions of bounded size")
    func boundedTransactions() async throws {
        try await TemporaryChatLog.withLog(configure: {
            $0.retentionMaxMessagesPerRoom = 5
            $0.maxCompactionDeletionsPerTransaction = 7
        }) { log in
            try await log.appendAll((1...30).map { TemporaryChatLog.draft("show", text: "m\($0)") })
            try await log.appendAll((1...9).map { TemporaryChatLog.draft("r\($0)") })
            let result = try await log.compact()
            #expect(result.deletedMessages == 25)
            #expect(result.transactions >= 4)
            #expect(result.floors == ["seoul-1": 25])
            let page = try log.page(room: "show", since: nil, limit: 100, window: Self.window)
            #expect(page.messages.map(\.position) == Array(26...30))
        }
    }

    @Test("A room whose every message expired keeps its position, and the next message follows it")
    func wholeRoomExpired() async throws {
        try await TemporaryChatLog.withLog(configure: { $0.retentionMaxAge = .seconds(600) }) { log in
            try ChatLogPageTests.storeOld(count: 3, room: "show", minutesAgo: 20, in: log)
            #expect(try await log.compact().deletedMessages == 3)

            let latest = try log.page(room: "show", since: nil, limit: 50, window: Self.window)
            #expect(latest == HistoryPage(room: "show", head: 3, recovered: true, messages: []))
            #expect(try !log.page(room: "show", since: 1, limit: 50, window: Self.window).recovered)
            #expect(try log.page(room: "show", since: 3, limit: 50, window: Self.window).recovered)

            let stored = try await log.appendAll([TemporaryChatLog.draft("show", text: "after")])
            #expect(stored.map(\.position) == [4])
            #expect(try await log.compact().deletedMessages == 0)
            let page = try log.page(room: "show", since: 3, limit: 50, window: Self.window)
            #expect(page.recovered && page.head == 4 && page.messages.map(\.message.text) == ["after"])
        }
    }

    @Test("After a skip, the entry following the gap applies, and the floor is served on as a gap")
    func skipThenApply() async throws {
        try await TemporaryChatLog.withLog { log in
            let tokyo = (1...8).map { Self.remote(sequence: UInt64($0)) }
            #expect(try await log.applied(Array(tokyo[4...5])) == 0)

            // Queued back to back, as the replicator does: the skip commits first.
            let skipped = Mutex<Result<Int, ChatError>?>(nil)
            let applied = try await withCheckedContinuation { continuation in
                log.skip(origin: "tokyo-1", through: 4) { result in skipped.withLock { $0 = result } }
                log.apply(Array(tokyo[4...5])) { continuation.resume(returning: $0) }
            }.get()
            #expect(try skipped.withLock { $0 }?.get() == 1)
            #expect(applied == 2)
            #expect(log.versions["tokyo-1"] == 6)
            #expect(try log.retentionFloor(of: "tokyo-1") == 4)

            #expect(try await log.skipped(origin: "tokyo-1", through: 3) == 0)
            #expect(try await log.applied(Array(tokyo[6...7])) == 2)
            #expect(log.versions["tokyo-1"] == 8)

            let relayed = try log.entries(origin: "tokyo-1", after: 2, limit: 100, maxBytes: 1 << 20)
            #expect(relayed.gapThrough == 4 && relayed.messages.map(\.id.sequence) == [5, 6, 7, 8])
        }
    }

    @Test("A skip survives a restart with the version vector")
    func skipIsDurable() async throws {
        try await TemporaryChatLog.withDirectory { path in
            do {
                let store = try TemporaryChatLog.openStore(path: path)
                defer { store.close() }
                let log = try TemporaryChatLog.makeLog(store: store)
                #expect(try await log.skipped(origin: "tokyo-1", through: 40) == 1)
            }
            let store = try TemporaryChatLog.openStore(path: path)
            defer { store.close() }
            let log = try TemporaryChatLog.makeLog(store: store)
            #expect(log.versions["tokyo-1"] == 40)
            #expect(try log.retentionFloor(of: "tokyo-1") == 40)
        }
    }

    static func remote(sequence: UInt64) -> ChatMessage {
        ChatMessage(
            id: MessageID(origin: "tokyo-1", sequence: sequence),
            time: .init(milliseconds: UInt64(Date.now.timeIntervalSince1970 * 1000), counter: 0),
            room: "show",
            user: "u",
            name: "U",
            text: "t\(sequence)",
            region: "tokyo"
        )
    }
}

extension ChatLog {
    /// Applies `messages` and returns how many were new.
    func applied(_ messages: [ChatMessage]) async throws -> Int {
        try await withCheckedContinuation { continuation in
            self.apply(messages) { continuation.resume(returning: $0) }
        }.get()
    }

    /// Skips `origin` through `sequence` and returns 1 when the version moved.
    func skipped(origin: String, through sequence: UInt64) async throws -> Int {
        try await withCheckedContinuation { continuation in
            self.skip(origin: origin, through: sequence) { continuation.resume(returning: $0) }
        }.get()
    }
}
