package import FanmeshCore
internal import FanmeshStore
internal import NIOCore

extension ChatLog {
    /// What a replica gets of one origin in one read: a gap first when the entries it asked for are gone.
    package struct EntryBatch: Sendable, Equatable {
        /// Set when entries after the asked-for sequence, up to and including this one, are gone here (deleted by
        /// retention or skipped after a gap): the replica must skip to it. `messages` follow it.
        package var gapThrough: UInt64?
        /// Consecutive entries, oldest first.
        package var messages: [ChatMessage]

        package init(gapThrough: UInt64? = nil, messages: [ChatMessage]) {
            self.gapThrough = gapThrough
            self.messages = messages
        }
    }

    /// Messages of `origin` with sequence numbers after `sequence`, in order: at most `limit` of them and, past
    /// the first, at most about `maxBytes` of records. When this node's retention floor for `origin` is above
    /// `sequence`, the batch starts with a gap through the floor and holds the entries after it; floor and entries
    /// come from one read, so what follows a gap is always contiguous. For serving replicas; runs on the calling
    /// thread.
    package func entries(origin: String, after sequence: UInt64, limit: Int, maxBytes: Int) throws -> EntryBatch {
        let tables = self.tables
        return try self.store.read { txn in
            let floor =
                try txn.get(ChatLogTables.versionKey(origin: origin), in: tables.floors)
                .flatMap(ChatLogTables.decodeUInt64) ?? 0
            let gapThrough = floor > sequence ? floor : nil
            var start = KeyEncoder()
            start.append(origin)
            start.append((gapThrough ?? sequence) &+ 1)
            var end = KeyEncoder()
            end.append(origin)
            end.append(UInt64.max)
            var messages: [ChatMessage] = []
            var bytes = 0
            var failure: (any Error)?
            try txn.scan(in: tables.messages, KeyRange(from: start.bytes, to: end.bytes), limit: limit) { _, value in
                var buffer = ByteBuffer(bytes: value)
                do {
                    messages.append(try ChatMessage(decoding: &buffer))
                } catch {
                    failure = error
                    return false
                }
                bytes += value.count
                return bytes < maxBytes
            }
            if let failure { throw failure }
            return EntryBatch(gapThrough: gapThrough, messages: messages)
        }
    }
}
