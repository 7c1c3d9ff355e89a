internal import FanmeshCore
internal import FanmeshStore
package import Foundation
internal import NIOCore

extension ChatLog {
    /// What one ``compact(now:)`` run deleted.
    package struct CompactionResult: Sendable, Equatable {
        /// Messages deleted, with their room index entries.
        package var deletedMessages = 0
        /// Write transactions the run took.
        package var transactions = 0
        /// The origins whose retention floor rose, with the floor now recorded (highest sequence deleted).
        package var floors: [String: UInt64] = [:]

        package init() {}
    }

    /// What one compaction transaction did, and the room key to resume from when it stopped on its budget.
    private struct CompactionPass: Sendable {
        var deleted = 0
        var work = 0
        var floors: [String: UInt64] = [:]
        var resumeAt: [UInt8]?
    }

    /// The retention rules of a run, fixed at its start.
    private struct RetentionRules: Sendable {
        var maxMessagesPerRoom: UInt64
        /// Messages with an HLC time below this (milliseconds since the Unix epoch) are deleted.
        var oldestKeptMilliseconds: Int64
        /// Deletions plus rooms visited per transaction.
        var budget: Int
    }

    /// Deletes, room by room, the oldest messages beyond the room's newest `retentionMaxMessagesPerRoom` and those
    /// older than `retentionMaxAge`, with their `chat_rooms` entries, and raises each origin's retention floor (the
    /// highest sequence deleted) in the same transaction.
    ///
    /// A room loses only a prefix of its history, so what it keeps is contiguous. Its newest position is kept as an
    /// empty marker when its message goes, so positions never restart. Runs in write transactions of at most
    /// `maxCompactionDeletionsPerTransaction` deletions each, queued behind commits like any other write, so
    /// writers never wait long behind it.
    @discardableResult
    package func compact(now: Date = Date()) async throws -> CompactionResult {
        let tables = self.tables
        let configuration = self.configuration
        let rules = RetentionRules(
            maxMessagesPerRoom: UInt64(max(1, configuration.retentionMaxMessagesPerRoom)),
            oldestKeptMilliseconds: Int64(now.timeIntervalSince1970 * 1000)
                - configuration.retentionMaxAge.milliseconds,
            budget: max(1, configuration.maxCompactionDeletionsPerTransaction)
        )
        var result = CompactionResult()
        var start: [UInt8] = []
        while true {
            let from = start
            let pass = try await self.store.writeAsync { txn in
                try Self.compactionPass(txn: txn, tables: tables, from: from, rules: rules)
            }
            result.transactions += 1
            result.deletedMessages += pass.deleted
            result.floors.merge(pass.floors) { max($0, $1) }
            guard let next = pass.resumeAt else { return result }
            start = next
        }
    }

    /// The highest sequence of `origin` this node has deleted or skipped; 0 when none.
    package func retentionFloor(of origin: String) throws -> UInt64 {
        let tables = self.tables
        return try self.store.read { txn in
            try txn.get(ChatLogTables.versionKey(origin: origin), in: tables.floors)
                .flatMap(ChatLogTables.decodeUInt64) ?? 0
        }
    }

    /// Records in `chat_floors` that `origin`'s entries up to `sequence` are gone here, unless a higher floor is.
    static func raiseFloor(origin: String, to sequence: UInt64, txn: borrowing WriteTransaction, tables: ChatLogTables)
        throws
    {
        let key = ChatLogTables.versionKey(origin: origin)
        let current = try txn.get(key, in: tables.floors).flatMap(ChatLogTables.decodeUInt64) ?? 0
        guard sequence > current else { return }
        try txn.put(ChatLogTables.encode(sequence), forKey: key, in: tables.floors)
    }

    private static func compactionPass(
        txn: borrowing WriteTransaction,
        tables: ChatLogTables,
        from start: [UInt8],
        rules: RetentionRules
    ) throws -> CompactionPass {
        var pass = CompactionPass()
        var lower = start
        while let first = try txn.first(in: tables.rooms, KeyRange(from: lower)) {
            var decoder = KeyDecoder(first.key)
            let prefix = ChatLogTables.roomPrefix(try decoder.readString())
            let finished = try Self.compactRoom(prefix: prefix, txn: txn, tables: tables, rules: rules, into: &pass)
            guard finished else {
                pass.resumeAt = prefix
                break
            }
            guard let next = KeyRange.prefix(prefix).upperBound else { break }
            lower = next
            pass.work += 1
            if pass.work >= rules.budget {
                pass.resumeAt = next
                break
            }
        }
        for (origin, floor) in pass.floors {
            try Self.raiseFloor(origin: origin, to: floor, txn: txn, tables: tables)
        }
        return pass
    }

    /// Deletes the room's expired prefix, within what is left of the budget; false when the budget ran out first.
    private static func compactRoom(
        prefix: [UInt8],
        txn: borrowing WriteTransaction,
        tables: ChatLogTables,
        rules: RetentionRules,
        into pass: inout CompactionPass
    ) throws -> Bool {
        let range = KeyRange.prefix(prefix)
        guard let last = try txn.last(in: tables.rooms, range) else { return true }
        let head = Self.position(of: last.key)
        let countLimit = head >= rules.maxMessagesPerRoom ? head - rules.maxMessagesPerRoom : 0
        var lower = range.lowerBound
        while true {
            // Small chunks: a room with nothing to delete costs one read, not a copy of its index.
            let chunk = try txn.entries(
                in: tables.rooms,
                KeyRange(lowerBound: lower, upperBound: range.upperBound),
                limit: 64
            )
            guard let lastInChunk = chunk.last else { return true }
            for entry in chunk {
                let position = Self.position(of: entry.key)
                let isHead = position == head
                let id = entry.value.isEmpty ? nil : try? Self.messageID(key: entry.value)
                var expired = position <= countLimit
                if id == nil {
                    // A compacted head marker: only the newest position needs one.
                    expired = !isHead
                } else if !expired {
                    if let record = try txn.get(entry.value, in: tables.messages) {
                        var buffer = ByteBuffer(bytes: record)
                        let message = try ChatMessage(decoding: &buffer)
                        expired = Int64(message.time.milliseconds) < rules.oldestKeptMilliseconds
                    } else {
                        expired = !isHead
                    }
                }
                guard expired else { return true }
                guard pass.work < rules.budget else { return false }
                if let id, try txn.delete(entry.value, in: tables.messages) {
                    pass.floors[id.origin] = max(pass.floors[id.origin] ?? 0, id.sequence)
                    pass.deleted += 1
                }
                pass.work += 1
                if isHead {
                    try txn.put(ChatLogTables.compactedHead, forKey: entry.key, in: tables.rooms)
                    return true
                }
                try txn.delete(entry.key, in: tables.rooms)
            }
            lower = lastInChunk.key + [0]
        }
    }

    /// The id a `chat_messages` key holds.
    private static func messageID(key: [UInt8]) throws -> MessageID {
        var decoder = KeyDecoder(key)
        let origin = try decoder.readString()
        return MessageID(origin: origin, sequence: try decoder.read(UInt64.self))
    }

    private static func position(of roomKey: [UInt8]) -> UInt64 {
        roomKey.withUnsafeBytes { ChatLogTables.position(fromRoomKey: $0) } ?? 0
    }
}
