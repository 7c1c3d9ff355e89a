package import FanmeshCore
package import FanmeshStore
internal import Foundation
package import Logging
internal import NIOCore
internal import Synchronization

/// This node's durable chat log: gives each fan's message the next sequence number of this node's own log and a
/// hybrid-logical-clock time, commits it to LMDB, and only then reports it (ack, fan-out).
///
/// Commits are grouped: while one write transaction (and its fsync, with `durable` sync) is in flight, new sends
/// queue up and all go into the next one, so a busy node commits hundreds of messages per fsync. The queue is
/// bounded; past it a send is refused with `unavailable` at once. Thread-safe.
package final class ChatLog: Sendable {
    /// A fan's message before it has a sequence number.
    package struct Draft: Sendable, Equatable {
        package var room: String
        package var user: String
        package var name: String
        package var text: String

        package init(room: String, user: String, name: String, text: String) {
            self.room = room
            self.user = user
            self.name = name
            self.text = text
        }
    }

    package typealias Completion = @Sendable (Result<StoredMessage, ChatError>) -> Void

    private struct Pending: Sendable {
        var draft: Draft
        var completion: Completion
    }

    private struct State: Sendable {
        var lastSequence: UInt64
        var roomHeads: [String: UInt64] = [:]
        var clock = HybridLogicalClock()
        var queue: [Pending] = []
        var committing = false
    }

    /// The result of one group commit, computed on the store's writer thread.
    private struct CommitResult: Sendable {
        var stored: [StoredMessage]
        var lastSequence: UInt64
        var roomHeads: [String: UInt64]
        var clock: HybridLogicalClock
    }

    package let nodeID: String
    package let region: String
    let store: LMDBEnvironment
    let tables: ChatLogTables
    private let configuration: ChatHub.Configuration
    private let logger: Logger
    private let metrics: ChatMetrics
    private let state: Mutex<State>
    private let committedHandler = Mutex<(@Sendable ([StoredMessage]) -> Void)?>(nil)

    /// Opens the log's tables and reads where this node's own log ends.
    package init(
        store: LMDBEnvironment,
        nodeID: String,
        region: String,
        configuration: ChatHub.Configuration,
        metrics: ChatMetrics,
        logger: Logger
    ) throws {
        self.store = store
        self.nodeID = nodeID
        self.region = region
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        let tables = try ChatLogTables(store: store)
        self.tables = tables
        let last = try store.read { txn in
            try txn.get(ChatLogTables.versionKey(origin: nodeID), in: tables.versions)
                .flatMap(ChatLogTables.decodeUInt64) ?? 0
        }
        self.state = Mutex(State(lastSequence: last))
    }

    /// Where committed messages go next (the hub's fan-out); called on the commit task, in commit order.
    package func onCommitted(_ handler: @escaping @Sendable ([StoredMessage]) -> Void) {
        self.committedHandler.withLock { $0 = handler }
    }

    /// The highest sequence number this node has given its own messages.
    package var lastSequence: UInt64 {
        self.state.withLock { $0.lastSequence }
    }

    /// Queues `draft` for the next group commit; `completion` runs once it is durable (or refused). A full queue
    /// refuses at once with `unavailable`.
    package func append(_ draft: Draft, completion: @escaping Completion) {
        enum Outcome { case queued, startCommit, full }
        let outcome: Outcome = self.state.withLock { state in
            guard state.queue.count < self.configuration.maxPendingSends else { return .full }
            state.queue.append(Pending(draft: draft, completion: completion))
            if state.committing { return .queued }
            state.committing = true
            return .startCommit
        }
        switch outcome {
        case .queued:
            break
        case .startCommit:
            Task { await self.drain() }
        case .full:
            self.metrics.commitQueueFull()
            completion(.failure(ChatError(.unavailable, "this node is saving too many messages at once; try again")))
        }
    }

    /// Commits queued drafts in groups until the queue is empty.
    private func drain() async {
        while true {
            let taken: (batch: [Pending], lastSequence: UInt64, heads: [String: UInt64], clock: HybridLogicalClock)? =
                self.state.withLock { state in
                    guard !state.queue.isEmpty else {
                        state.committing = false
                        return nil
                    }
                    let count = min(state.queue.count, self.configuration.maxCommitBatch)
                    let batch = Array(state.queue.prefix(count))
                    state.queue.removeFirst(count)
                    let rooms = Set(batch.map(\.draft.room))
                    return (batch, state.lastSequence, state.roomHeads.filter { rooms.contains($0.key) }, state.clock)
                }
            guard let taken else { return }
            let started = ContinuousClock.now
            do {
                let result = try await self.commit(
                    taken.batch.map(\.draft),
                    after: taken.lastSequence,
                    heads: taken.heads,
                    clock: taken.clock
                )
                self.state.withLock { state in
                    state.lastSequence = result.lastSequence
                    state.clock = result.clock
                    state.roomHeads.merge(result.roomHeads) { _, new in new }
                }
                self.metrics.recordCommit(messages: result.stored.count, duration: .now - started)
                self.committedHandler.withLock { $0 }?(result.stored)
                for (pending, stored) in zip(taken.batch, result.stored) {
                    pending.completion(.success(stored))
                }
            } catch {
                let refusal = self.refusal(for: error)
                self.logger.error(
                    "Chat commit failed",
                    metadata: ["chat.batch": "\(taken.batch.count)", "error": "\(error)"]
                )
                for pending in taken.batch { pending.completion(.failure(refusal)) }
            }
        }
    }

    private func commit(
        _ drafts: [Draft],
        after lastSequence: UInt64,
        heads: [String: UInt64],
        clock: HybridLogicalClock
    ) async throws -> CommitResult {
        let tables = self.tables
        let nodeID = self.nodeID
        let region = self.region
        return try await self.store.writeAsync { txn in
            var result = CommitResult(stored: [], lastSequence: lastSequence, roomHeads: heads, clock: clock)
            result.stored.reserveCapacity(drafts.count)
            let wall = UInt64(Date().timeIntervalSince1970 * 1000)
            for draft in drafts {
                result.lastSequence += 1
                let head = try result.roomHeads[draft.room] ?? Self.readHead(room: draft.room, txn: txn, tables: tables)
                let position = head + 1
                result.roomHeads[draft.room] = position
                let message = ChatMessage(
                    id: MessageID(origin: nodeID, sequence: result.lastSequence),
                    time: result.clock.now(wallMilliseconds: wall),
                    room: draft.room,
                    user: draft.user,
                    name: draft.name,
                    text: draft.text,
                    region: region
                )
                let messageKey = ChatLogTables.messageKey(message.id)
                try txn.put(message.encoded.readableBytesView, forKey: messageKey, in: tables.messages)
                try txn.put(
                    messageKey,
                    forKey: ChatLogTables.roomKey(room: draft.room, position: position),
                    in: tables.rooms
                )
                result.stored.append(StoredMessage(message: message, position: position))
            }
            try txn.put(
                ChatLogTables.encode(result.lastSequence),
                forKey: ChatLogTables.versionKey(origin: nodeID),
                in: tables.versions
            )
            return result
        }
    }

    private static func readHead(room: String, txn: borrowing WriteTransaction, tables: ChatLogTables) throws -> UInt64 {
        var head: UInt64 = 0
        try txn.scan(in: tables.rooms, .prefix(ChatLogTables.roomPrefix(room)), reverse: true, limit: 1) { key, _ in
            head = ChatLogTables.position(fromRoomKey: key) ?? 0
            return false
        }
        return head
    }

    private func refusal(for error: any Error) -> ChatError {
        if let store = error as? StoreError, store.code == .mapFull || store.code == .diskFull || store.code == .busy {
            return ChatError(.unavailable, "this node cannot store messages right now; try again shortly")
        }
        return ChatError(.internal, "the message could not be stored; it was not posted")
    }
}
