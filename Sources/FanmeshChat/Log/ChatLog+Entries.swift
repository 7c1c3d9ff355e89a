package import FanmeshCore
internal import FanmeshStore
internal import NIOCore

extension ChatLog {
    /// Messages of `origin` with sequence numbers after `sequence`, in order: at most `limit` of them and, past
    /// the first, at most about `maxBytes` of records. For serving replicas; runs on the calling thread.
    package func entries(origin: String, after sequence: UInt64, limit: Int, maxBytes: Int) throws -> [ChatMessage] {
        let tables = self.tables
        return try self.store.read { txn in
            var start = KeyEncoder()
            start.append(origin)
            start.append(sequence &+ 1)
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
            return messages
        }
    }
}
