import FanmeshChat
import FanmeshCore
import FanmeshStore
import Foundation
import Synchronization
import Testing

@Suite("Chat log appends")
struct ChatLogAppendTests {
    @Test("Concurrent appends commit gap-free sequences and strictly increasing positions per room")
    func concurrentAppends() async throws {
        try await TemporaryChatLog.withLog(configure: { $0.maxCommitBatch = 16 }) { log in
            let committed = Mutex<[[StoredMessage]]>([])
            log.onCommitted { batch in committed.withLock { $0.append(batch) } }
            let rooms = ["a", "b", "c"]
            let count = 600
            let results = await withTaskGroup(of: Result<StoredMessage, ChatError>.self) { group in
                for index in 0..<count {
                    group.addTask { await log.append(TemporaryChatLog.draft(rooms[index % 3], text: "m\(index)")) }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let stored = try results.map { try $0.get() }.sorted { $0.message.id.sequence < $1.message.id.sequence }

            #expect(stored.map(\.message.id.sequence) == Array(1...UInt64(count)))
            #expect(log.lastSequence == UInt64(count))
            #expect(Set(stored.map(\.message.id.origin)) == ["seoul-1"])
            for room in rooms {
                let positions = stored.filter { $0.message.room == room }.map(\.position)
                #expect(positions == Array(1...UInt64(count / 3)), "room \(room)")
            }
            for (earlier, later) in zip(stored, stored.dropFirst()) {
                #expect(earlier.message.time < later.message.time)
            }

            let batches = committed.withLock { $0 }
            #expect(batches.allSatisfy { !$0.isEmpty && $0.count <= 16 })
            #expect(batches.flatMap { $0 } == stored, "onCommitted saw the messages out of commit order")
        }
    }

    @Test("A committed message carries the draft, the node's id and region, and a current time")
    func committedFields() async throws {
        try await TemporaryChatLog.withLog { log in
            let before = UInt64(Date.now.timeIntervalSince1970 * 1000)
            let stored = try await log.append(.init(room: "show", user: "u9", name: "Mina 🎤", text: "안녕")).get()
            let after = UInt64(Date.now.timeIntervalSince1970 * 1000)
            #expect(stored.position == 1)
            #expect(stored.message.id == MessageID(origin: "seoul-1", sequence: 1))
            #expect(stored.message.room == "show" && stored.message.user == "u9")
            #expect(stored.message.name == "Mina 🎤" && stored.message.text == "안녕")
            #expect(stored.message.region == "seoul")
            #expect((before...after).contains(stored.message.time.milliseconds))
        }
    }

    @Test("A reopened log continues the sequence and every room's positions")
    func reopenContinues() async throws {
        try await TemporaryChatLog.withDirectory { path in
            do {
                let store = try TemporaryChatLog.openStore(path: path)
                defer { store.close() }
                let log = try TemporaryChatLog.makeLog(store: store)
                try await log.appendAll((0..<5).map { _ in TemporaryChatLog.draft("a") })
                try await log.appendAll((0..<3).map { _ in TemporaryChatLog.draft("b") })
                #expect(log.lastSequence == 8)
            }
            let store = try TemporaryChatLog.openStore(path: path)
            defer { store.close() }
            let log = try TemporaryChatLog.makeLog(store: store)
            #expect(log.lastSequence == 8)
            let a = try await log.append(TemporaryChatLog.draft("a")).get()
            let b = try await log.append(TemporaryChatLog.draft("b")).get()
            let c = try await log.append(TemporaryChatLog.draft("c")).get()
            #expect(a.message.id.sequence == 9 && a.position == 6)
            #expect(b.message.id.sequence == 10 && b.position == 4)
            #expect(c.message.id.sequence == 11 && c.position == 1)
            let window = ChatLog.ReplayWindow(maxMessages: 100, maxAge: nil)
            let page = try log.page(room: "a", since: 0, limit: 100, window: window)
            #expect(page.messages.map(\.position) == [1, 2, 3, 4, 5, 6])
            #expect(page.messages.map(\.message.id.sequence) == [1, 2, 3, 4, 5, 9])
        }
    }
}
