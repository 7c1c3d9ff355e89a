internal import FanmeshCore
internal import FanmeshStore
internal import Foundation
internal import NIOCore

extension ChatLog {
    /// How far back a reader may resume.
    package struct ReplayWindow: Sendable, Equatable {
        /// At most this many messages are replayed; further behind gets the latest page instead.
        package var maxMessages: Int
        /// Messages older than this are not replayed; a reader who missed them gets the latest page instead.
        package var maxAge: Duration?

        package init(maxMessages: Int, maxAge: Duration?) {
            self.maxMessages = maxMessages
            self.maxAge = maxAge
        }
    }

    /// Reads the room's messages after `since` (at most `limit`), or the latest `limit` messages when `since` is
    /// nil, or the latest page with `recovered: false` when `since` is outside `window`, below what retention kept
    /// of the room, or not a position this node gave.
    ///
    /// Runs on the calling thread in one LMDB read transaction; call it off the event loops.
    package func page(room: String, since: UInt64?, limit: Int, window: ReplayWindow) throws -> HistoryPage {
        let tables = self.tables
        return try self.store.read { txn in
            try Self.page(txn: txn, tables: tables, room: room, since: since, limit: limit, window: window)
        }
    }

    private static func page(
        txn: borrowing ReadTransaction,
        tables: ChatLogTables,
        room: String,
        since: UInt64?,
        limit: Int,
        window: ReplayWindow
    ) throws -> HistoryPage {
        let prefix = ChatLogTables.roomPrefix(room)
        var head: UInt64 = 0
        try txn.scan(in: tables.rooms, .prefix(prefix), reverse: true, limit: 1) { key, _ in
            head = ChatLogTables.position(fromRoomKey: key) ?? 0
            return false
        }
        let retained = try Self.firstRetainedPosition(txn: txn, tables: tables, prefix: prefix, head: head)
        if let since, since <= head, head - since <= UInt64(window.maxMessages), since &+ 1 >= retained {
            let range = KeyRange(
                from: ChatLogTables.roomKey(room: room, position: since + 1),
                to: ChatLogTables.roomKey(room: room, position: .max)
            )
            let messages = try Self.read(txn: txn, tables: tables, range: range, reverse: false, limit: limit)
            let oldestAllowed = Int64(Date().timeIntervalSince1970 * 1000) - (window.maxAge?.milliseconds ?? .max / 2)
            if messages.first.map({ Int64($0.message.time.milliseconds) >= oldestAllowed }) ?? true {
                return HistoryPage(room: room, head: head, recovered: true, messages: messages)
            }
        }
        let latest: [StoredMessage] = try Self.read(
            txn: txn,
            tables: tables,
            range: .prefix(prefix),
            reverse: true,
            limit: limit
        ).reversed()
        return HistoryPage(room: room, head: head, recovered: since == nil, messages: latest)
    }

    /// The room's oldest position whose message is still stored; `head + 1` when compaction deleted them all.
    private static func firstRetainedPosition(
        txn: borrowing ReadTransaction,
        tables: ChatLogTables,
        prefix: [UInt8],
        head: UInt64
    ) throws -> UInt64 {
        var first = head &+ 1
        try txn.scan(in: tables.rooms, .prefix(prefix), limit: 2) { key, value in
            guard value.isEmpty else {
                first = ChatLogTables.position(fromRoomKey: key) ?? first
                return false
            }
            return true
        }
        return first
    }

    private static func read(
        txn: borrowing ReadTransaction,
        tables: ChatLogTables,
        range: KeyRange,
        reverse: Bool,
        limit: Int
    ) throws -> [StoredMessage] {
        var references: [(position: UInt64, key: [UInt8])] = []
        try txn.scan(in: tables.rooms, range, reverse: reverse, limit: limit) { key, value in
            // A compacted head marker has no message.
            if !value.isEmpty { references.append((ChatLogTables.position(fromRoomKey: key) ?? 0, Array(value))) }
            return true
        }
        var messages: [StoredMessage] = []
        messages.reserveCapacity(references.count)
        for reference in references {
            guard let record = try txn.get(reference.key, in: tables.messages) else { continue }
            var buffer = ByteBuffer(bytes: record)
            let message = try ChatMessage(decoding: &buffer)
            messages.append(StoredMessage(message: message, position: reference.position))
        }
        return messages
    }
}
