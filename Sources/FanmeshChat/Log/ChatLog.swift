package import FanmeshCore
package import FanmeshStore
internal import Foundation
package import Logging
internal import NIOCore
internal import Synchronization

/// This node's durable chat log: gives each fan's message the next sequence number of this node's own log and a
/// hybrid-logical-clock time, commits it to LMDB, and only then reports it (ack, fan-out). Messages of other
/// origins arrive through ``apply(_:completion:)`` and are committed the same way, gap-free per origin, with the
/// version vector in the same transaction.
///
/// Commits are grouped: while one write transaction (and its fsync, with `durable` sync) is in flight, new work
/// queues up and all goes into the next one, so a busy node commits hundreds of messages per fsync. The queue is
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
    /// Told how many of the remote messages were new (the rest were already applied).
    package typealias ApplyCompletion = @Sendable (Result<Int, ChatError>) -> Void

    private enum Work: Sendable {
        case local(Draft, Completion)
        case remote([ChatMessage], ApplyCompletion)
        case skip(origin: String, through: UInt64, ApplyCompletion)

        var count: Int {
            switch self {
            case .local: 1
            case .remote(let messages, _): messages.count
            case .skip: 0
            }
        }
    }

    private struct State: Sendable {
        var versions: VersionVector
        var roomHeads: [String: UInt64] = [:]
        var clock = HybridLogicalClock()
        var queue: [Work] = []
        var queuedMessages = 0
        var committing = false
    }

    /// The result of one group commit, computed on the store's writer thread.
    private struct CommitResult: Sendable {
        var stored: [StoredMessage] = []
        /// Per work item: the stored message (local) or how many were new (remote).
        var outcomes: [Int] = []
        var versions: VersionVector
        var roomHeads: [String: UInt64]
        var clock: HybridLogicalClock
    }

    package let nodeID: String
    package let region: String
    let store: LMDBEnvironment
    let tables: ChatLogTables
    package let configuration: ChatHub.Configuration
    private let logger: Logger
    private let metrics: ChatMetrics
    private let state: Mutex<State>
    private let committedHandlers = Mutex<[@Sendable ([StoredMessage]) -> Void]>([])

    /// Opens the log's tables and reads the version vector (where each origin's log ends here).
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
        let versions = try store.read { txn in
            var versions = VersionVector()
            for entry in try txn.entries(in: tables.versions) {
                var decoder = KeyDecoder(entry.key)
                let origin = try decoder.readString()
                versions[origin] = ChatLogTables.decodeUInt64(entry.value) ?? 0
            }
            return versions
        }
        self.state = Mutex(State(versions: versions))
    }

    /// Adds a listener for committed messages (the hub's fan-out, replication feeds); called on the commit task,
    /// in commit order.
    package func onCommitted(_ handler: @escaping @Sendable ([StoredMessage]) -> Void) {
        self.committedHandlers.withLock { $0.append(handler) }
    }

    /// The highest sequence number this node has given its own messages.
    package var lastSequence: UInt64 {
        self.state.withLock { $0.versions[self.nodeID] }
    }

    /// Every origin's highest sequence applied here, gap-free.
    package var versions: VersionVector {
        self.state.withLock { $0.versions }
    }

    /// Queues `draft` for the next group commit; `completion` runs once it is durable (or refused). A full queue
    /// refuses at once with `unavailable`.
    package func append(_ draft: Draft, completion: @escaping Completion) {
        if !self.enqueue(.local(draft, completion)) {
            self.metrics.commitQueueFull()
            completion(.failure(ChatError(.unavailable, "this node is saving too many messages at once; try again")))
        }
    }

    /// Queues messages of other origins, each origin's in sequence order, for the next group commit. Each is
    /// applied only if it directly follows what this node has of its origin; the rest are counted as not new.
    package func apply(_ messages: [ChatMessage], completion: @escaping ApplyCompletion) {
        guard !messages.isEmpty else { return completion(.success(0)) }
        if !self.enqueue(.remote(messages, completion)) {
            completion(.failure(ChatError(.unavailable, "the commit queue is full")))
        }
    }

    /// Queues, behind what is already queued, a skip of `origin`'s entries up to `through`: a replication source no
    /// longer has them (retention). The version vector and this node's retention floor for `origin` move up to
    /// `through` (never down), so the entry after it applies next. `completion` is told 1 when it moved, else 0.
    package func skip(origin: String, through: UInt64, completion: @escaping ApplyCompletion) {
        guard origin != self.nodeID else { return completion(.success(0)) }
        if !self.enqueue(.skip(origin: origin, through: through, completion)) {
            completion(.failure(ChatError(.unavailable, "the commit queue is full")))
        }
    }

    private func enqueue(_ work: Work) -> Bool {
        enum Outcome { case queued, startCommit, full }
        let outcome: Outcome = self.state.withLock { state in
            guard state.queuedMessages < self.configuration.maxPendingSends else { return .full }
            state.queue.append(work)
            state.queuedMessages += work.count
            if state.committing { return .queued }
            state.committing = true
            return .startCommit
        }
        if outcome == .startCommit { Task { await self.drain() } }
        return outcome != .full
    }

    /// Commits queued work in groups until the queue is empty.
    private func drain() async {
        while true {
            let taken: (work: [Work], versions: VersionVector, heads: [String: UInt64], clock: HybridLogicalClock)? =
                self.state.withLock { state in
                    guard !state.queue.isEmpty else {
                        state.committing = false
                        return nil
                    }
                    var count = 0
                    var messages = 0
                    while count < state.queue.count, messages < self.configuration.maxCommitBatch {
                        messages += state.queue[count].count
                        count += 1
                    }
                    let work = Array(state.queue.prefix(count))
                    state.queue.removeFirst(count)
                    state.queuedMessages -= messages
                    return (work, state.versions, state.roomHeads, state.clock)
                }
            guard let taken else { return }
            let started = ContinuousClock.now
            do {
                let result = try await self.commit(taken.work, versions: taken.versions, heads: taken.heads, clock: taken.clock)
                self.state.withLock { state in
                    state.versions.merge(result.versions)
                    state.clock = result.clock
                    state.roomHeads.merge(result.roomHeads) { _, new in new }
                }
                self.metrics.recordCommit(messages: result.stored.count, duration: .now - started)
                for handler in self.committedHandlers.withLock({ $0 }) { handler(result.stored) }
                var storedIndex = 0
                for (work, outcome) in zip(taken.work, result.outcomes) {
                    switch work {
                    case .local(_, let completion):
                        completion(.success(result.stored[storedIndex]))
                        storedIndex += 1
                    case .remote(_, let completion):
                        completion(.success(outcome))
                        storedIndex += outcome
                    case .skip(_, _, let completion):
                        completion(.success(outcome))
                    }
                }
            } catch {
                let refusal = self.refusal(for: error)
                self.logger.error("Chat commit failed", metadata: ["chat.batch": "\(taken.work.count)", "error": "\(error)"])
                for work in taken.work {
                    switch work {
                    case .local(_, let completion): completion(.failure(refusal))
                    case .remote(_, let completion): completion(.failure(refusal))
                    case .skip(_, _, let completion): completion(.failure(refusal))
                    }
                }
            }
        }
    }

    private func commit(
        _ work: [Work],
        versions: VersionVector,
        heads: [String: UInt64],
        clock: HybridLogicalClock
    ) async throws -> CommitResult {
        let tables = self.tables
        let nodeID = self.nodeID
        let region = self.region
        return try await self.store.writeAsync { txn in
            var result = CommitResult(versions: versions, roomHeads: heads, clock: clock)
            var changedOrigins = Set<String>()
            let wall = UInt64(Date().timeIntervalSince1970 * 1000)
            for item in work {
                switch item {
                case .local(let draft, _):
                    try Self.store(
                        ChatMessage(
                            id: MessageID(origin: nodeID, sequence: result.versions[nodeID] + 1),
                            time: result.clock.now(wallMilliseconds: wall),
                            room: draft.room,
                            user: draft.user,
                            name: draft.name,
                            text: draft.text,
                            region: region
                        ),
                        txn: txn,
                        tables: tables,
                        into: &result,
                        changed: &changedOrigins
                    )
                    result.outcomes.append(1)
                case .remote(let messages, _):
                    var applied = 0
                    for message in messages where message.id.origin != nodeID
                        && message.id.sequence == result.versions[message.id.origin] + 1
                    {
                        result.clock.observe(message.time, wallMilliseconds: wall)
                        try Self.store(message, txn: txn, tables: tables, into: &result, changed: &changedOrigins)
                        applied += 1
                    }
                    result.outcomes.append(applied)
                case .skip(let origin, let through, _):
                    guard through > result.versions[origin] else {
                        result.outcomes.append(0)
                        continue
                    }
                    result.versions[origin] = through
                    changedOrigins.insert(origin)
                    try Self.raiseFloor(origin: origin, to: through, txn: txn, tables: tables)
                    result.outcomes.append(1)
                }
            }
            for origin in changedOrigins {
                try txn.put(
                    ChatLogTables.encode(result.versions[origin]),
                    forKey: ChatLogTables.versionKey(origin: origin),
                    in: tables.versions
                )
            }
            return result
        }
    }

    private static func store(
        _ message: ChatMessage,
        txn: borrowing WriteTransaction,
        tables: ChatLogTables,
        into result: inout CommitResult,
        changed: inout Set<String>
    ) throws {
        let head = try result.roomHeads[message.room] ?? Self.readHead(room: message.room, txn: txn, tables: tables)
        let position = head + 1
        result.roomHeads[message.room] = position
        let messageKey = ChatLogTables.messageKey(message.id)
        try txn.put(message.encoded.readableBytesView, forKey: messageKey, in: tables.messages)
        try txn.put(messageKey, forKey: ChatLogTables.roomKey(room: message.room, position: position), in: tables.rooms)
        result.versions[message.id.origin] = message.id.sequence
        changed.insert(message.id.origin)
        result.stored.append(StoredMessage(message: message, position: position))
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
