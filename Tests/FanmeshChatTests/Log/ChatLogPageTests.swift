import FanmeshCore
import FanmeshStore
import Foundation
import NIOCore
import Testing

@testable import FanmeshChat

@Suite("Chat log history pages")
struct ChatLogPageTests {
    static let window = ChatLog.ReplayWindow(maxMessages: 10, maxAge: nil)

    /// Runs `body` with a log whose room "show" holds positions 1...30 and room "other" one message.
    static func withThirty(_ body: (ChatLog) async throws -> Void) async throws {
        try await TemporaryChatLog.withLog { log in
            try await log.appendAll((1...30).map { TemporaryChatLog.draft("show", text: "m\($0)") })
            try await log.appendAll([TemporaryChatLog.draft("other")])
            try await body(log)
        }
    }

    @Test("Without since, the page is the latest messages in position order")
    func latestPage() async throws {
        try await Self.withThirty { log in
            let page = try log.page(room: "show", since: nil, limit: 5, window: Self.window)
            #expect(page.room == "show" && page.head == 30 && page.recovered)
            #expect(page.messages.map(\.position) == [26, 27, 28, 29, 30])
            #expect(page.messages.map(\.message.text) == ["m26", "m27", "m28", "m29", "m30"])
        }
    }

    @Test(
        "A since within the window gets exactly the messages after it",
        arguments: [(20, Array(21...30)), (25, [26, 27, 28, 29, 30]), (29, [30]), (30, [])] as [(UInt64, [UInt64])]
    )
    func sinceWithinWindow(_ since: UInt64, _ positions: [UInt64]) async throws {
        try await Self.withThirty { log in
            let page = try log.page(room: "show", since: since, limit: 100, window: Self.window)
            #expect(page.recovered && page.head == 30)
            #expect(page.messages.map(\.position) == positions)
        }
    }

    @Test("A since within the window is paged from the oldest missed message up")
    func sinceWithinWindowLimited() async throws {
        try await Self.withThirty { log in
            let page = try log.page(room: "show", since: 22, limit: 3, window: Self.window)
            #expect(page.recovered)
            #expect(page.messages.map(\.position) == [23, 24, 25])
        }
    }

    @Test(
        "A since further back than the window, or ahead of the room, gets recovered false and the latest page",
        arguments: [UInt64(0), 5, 19, 31, 1_000, .max]
    )
    func sinceOutsideWindow(_ since: UInt64) async throws {
        try await Self.withThirty { log in
            let page = try log.page(room: "show", since: since, limit: 4, window: Self.window)
            #expect(!page.recovered && page.head == 30)
            #expect(page.messages.map(\.position) == [27, 28, 29, 30])
        }
    }

    @Test("A room nobody posted to has head 0 and an empty page")
    func emptyRoom() async throws {
        try await Self.withThirty { log in
            let latest = try log.page(room: "nobody", since: nil, limit: 50, window: Self.window)
            #expect(latest == HistoryPage(room: "nobody", head: 0, recovered: true, messages: []))
            let caughtUp = try log.page(room: "nobody", since: 0, limit: 50, window: Self.window)
            #expect(caughtUp.recovered && caughtUp.messages.isEmpty)
            let ahead = try log.page(room: "nobody", since: 3, limit: 50, window: Self.window)
            #expect(!ahead.recovered && ahead.messages.isEmpty)
        }
    }

    @Test("A room whose name is a prefix of another's reads only its own messages")
    func prefixRooms() async throws {
        try await TemporaryChatLog.withLog { log in
            try await log.appendAll([TemporaryChatLog.draft("show"), TemporaryChatLog.draft("show2")])
            try await log.appendAll([TemporaryChatLog.draft("show2"), TemporaryChatLog.draft("sho")])
            let page = try log.page(room: "show", since: nil, limit: 50, window: Self.window)
            #expect(page.head == 1 && page.messages.map(\.message.room) == ["show"])
            let longer = try log.page(room: "show2", since: 0, limit: 50, window: Self.window)
            #expect(longer.head == 2 && longer.messages.map(\.position) == [1, 2])
        }
    }

    @Test("Messages older than maxAge are not replayed: the asker gets recovered false and the latest page")
    func maxAge() async throws {
        try await TemporaryChatLog.withLog { log in
            try Self.storeOld(count: 3, room: "show", minutesAgo: 20, in: log)
            try await log.appendAll((1...3).map { TemporaryChatLog.draft("show", text: "new\($0)") })
            let window = ChatLog.ReplayWindow(maxMessages: 100, maxAge: .seconds(600))

            let tooOld = try log.page(room: "show", since: 0, limit: 2, window: window)
            #expect(!tooOld.recovered && tooOld.head == 6)
            #expect(tooOld.messages.map(\.position) == [5, 6])

            let recent = try log.page(room: "show", since: 3, limit: 100, window: window)
            #expect(recent.recovered)
            #expect(recent.messages.map(\.message.text) == ["new1", "new2", "new3"])

            let noAgeLimit = ChatLog.ReplayWindow(maxMessages: 100, maxAge: nil)
            let all = try log.page(room: "show", since: 0, limit: 100, window: noAgeLimit)
            #expect(all.recovered && all.messages.map(\.position) == [1, 2, 3, 4, 5, 6])
        }
    }

    /// Writes `count` messages of another origin, `minutesAgo` old, at the room's first positions, in the log's
    /// own table layout (as replication would).
    static func storeOld(count: Int, room: String, minutesAgo: Int, in log: ChatLog) throws {
        let old = UInt64(Date.now.timeIntervalSince1970 * 1000) - UInt64(minutesAgo * 60_000)
        let tables = log.tables
        try log.store.write { txn in
            for index in 1...count {
                let message = ChatMessage(
                    id: MessageID(origin: "tokyo-1", sequence: UInt64(index)),
                    time: .init(milliseconds: old + UInt64(index), counter: 0),
                    room: room,
                    user: "old",
                    name: "old",
                    text: "old\(index)",
                    region: "tokyo"
                )
                let key = ChatLogTables.messageKey(message.id)
                try txn.put(message.encoded.readableBytesView, forKey: key, in: tables.messages)
                try txn.put(key, forKey: ChatLogTables.roomKey(room: room, position: UInt64(index)), in: tables.rooms)
            }
        }
    }
}
