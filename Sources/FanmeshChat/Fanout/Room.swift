package import NIOCore
internal import Synchronization

/// One chat room on this node: its members (sharded by event loop), its pending fan-out, and its slow mode.
///
/// New messages are gathered for at most the batch window, encoded once into a ``RoomBatch``, and handed to each
/// event loop's shard in commit order; every member on a loop gets the same bytes. Thread-safe.
package final class Room: Sendable {
    private struct Shard: Sendable {
        var loop: any EventLoop
        var members: NIOLoopBound<RoomShard>
        var inbox: ShardInbox
    }

    private struct Pending: Sendable {
        var messages: [StoredMessage] = []
        var flushScheduled = false
    }

    private struct SlowMode: Sendable {
        var interval: Duration
        var lastPost: [String: ContinuousClock.Instant] = [:]
    }

    /// Most messages in one frame, so one frame stays well below a member's outbound budget.
    package static let maxMessagesPerFrame = 256

    package let name: String
    private let batchWindow: Duration
    private let flushLoop: any EventLoop
    private let shards = Mutex<[ObjectIdentifier: Shard]>([:])
    private let count = Atomic<Int>(0)
    private let pending = Mutex(Pending())
    private let slowMode: Mutex<SlowMode>
    private let lastPresence = Atomic<Int>(0)
    private let delivered: @Sendable (Int) -> Void

    /// - Parameter delivered: told, once per loop and batch, how many messages were written to members.
    package init(
        name: String,
        batchWindow: Duration,
        slowMode: Duration,
        flushLoop: any EventLoop,
        delivered: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.name = name
        self.delivered = delivered
        self.batchWindow = batchWindow
        self.flushLoop = flushLoop
        self.slowMode = Mutex(SlowMode(interval: slowMode))
    }

    /// Members on this node.
    package var memberCount: Int { self.count.load(ordering: .relaxed) }

    /// Adds `member`, which lives on `loop`; call on `loop`. Returns the new member count.
    @discardableResult
    package func add(_ member: any RoomMember, on loop: any EventLoop) -> Int {
        loop.preconditionInEventLoop()
        let shard = self.shards.withLock { shards in
            if let shard = shards[ObjectIdentifier(loop)] { return shard }
            let shard = Shard(loop: loop, members: NIOLoopBound(RoomShard(), eventLoop: loop), inbox: ShardInbox())
            shards[ObjectIdentifier(loop)] = shard
            return shard
        }
        guard shard.members.value.add(member) else { return self.memberCount }
        return self.count.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// Removes `member`; call on `loop`. Returns the new member count.
    @discardableResult
    package func remove(_ member: any RoomMember, on loop: any EventLoop) -> Int {
        loop.preconditionInEventLoop()
        guard let shard = self.shards.withLock({ $0[ObjectIdentifier(loop)] }),
            shard.members.value.remove(member)
        else { return self.memberCount }
        return self.count.wrappingSubtract(1, ordering: .relaxed).newValue
    }

    /// Queues committed messages of this room (in position order) for the next frame.
    package func publish(_ messages: [StoredMessage]) {
        let flushNow: Bool = self.pending.withLock { pending in
            pending.messages.append(contentsOf: messages)
            guard !pending.flushScheduled else { return false }
            pending.flushScheduled = true
            return self.batchWindow == .zero
        }
        if flushNow {
            self.flush()
        } else if self.batchWindow != .zero {
            self.flushLoop.scheduleTask(in: .nanoseconds(self.batchWindow.nanoseconds)) { self.flush() }
        }
    }

    /// Encodes what is pending and hands it to every shard, in order.
    private func flush() {
        self.pending.withLock { pending in
            pending.flushScheduled = false
            guard !pending.messages.isEmpty else { return }
            let messages = pending.messages
            pending.messages.removeAll(keepingCapacity: true)
            let shards = self.shards.withLock { Array($0.values) }
            var start = 0
            while start < messages.count {
                let end = min(start + Self.maxMessagesPerFrame, messages.count)
                let batch = RoomBatch(room: self.name, messages: Array(messages[start..<end]))
                // Posting while holding `pending` keeps batches in commit order on every loop.
                for shard in shards where shard.inbox.post(batch) {
                    shard.loop.execute { self.delivered(shard.members.value.deliver(shard.inbox.takeAll())) }
                }
                start = end
            }
        }
    }

    /// Sends a notice frame (presence, slow mode) to every member.
    package func broadcast(notice frame: ByteBuffer) {
        let shards = self.shards.withLock { Array($0.values) }
        for shard in shards {
            shard.loop.execute { shard.members.value.deliver(notice: frame, room: self.name) }
        }
    }

    /// The member count to announce (this node's plus `remote`), or nil when it has not changed since the last
    /// announcement.
    package func presenceToAnnounce(adding remote: Int = 0) -> Int? {
        let current = self.memberCount + remote
        let previous = self.lastPresence.exchange(current, ordering: .relaxed)
        return current == previous ? nil : current
    }

    // MARK: Slow mode

    package var slowModeInterval: Duration {
        self.slowMode.withLock { $0.interval }
    }

    package func setSlowMode(_ interval: Duration) {
        self.slowMode.withLock { state in
            state.interval = interval
            if interval == .zero { state.lastPost.removeAll() }
        }
    }

    /// Records a post by `user` if slow mode allows it now; otherwise returns how long the user must wait.
    package func admitPost(by user: String, now: ContinuousClock.Instant = .now) -> Duration? {
        self.slowMode.withLock { state in
            guard state.interval > .zero else { return nil }
            if let last = state.lastPost[user], now - last < state.interval {
                return state.interval - (now - last)
            }
            if state.lastPost.count > 100_000 {
                state.lastPost = state.lastPost.filter { now - $0.value < state.interval }
            }
            state.lastPost[user] = now
            return nil
        }
    }
}
