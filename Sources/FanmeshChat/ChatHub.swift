package import FanmeshCore
package import Logging
package import NIOCore
package import NIOPosix
internal import Synchronization

/// The chat of one node: its rooms, the log behind them, and the limits every session shares.
///
/// Committed messages flow log → hub → room → event-loop shard → member. Sessions (``ChatSessionHandler``) call
/// in from their event loops. Thread-safe.
package final class ChatHub: Sendable {
    package let configuration: Configuration
    package let log: ChatLog
    package let history: HistoryReader
    package let rateLimiter: RateLimiter
    package let connections: ConnectionCounter
    package let metrics: ChatMetrics
    package let logger: Logger
    package let textRule: MessageTextRule
    private let eventLoopGroup: any EventLoopGroup
    private let rooms = Mutex<[String: Room]>([:])
    private let remoteCounts = Mutex<(@Sendable () -> [String: Int])?>(nil)

    package init(
        configuration: Configuration,
        log: ChatLog,
        eventLoopGroup: any EventLoopGroup,
        threadPool: NIOThreadPool,
        metrics: ChatMetrics,
        logger: Logger
    ) {
        self.configuration = configuration
        self.log = log
        self.eventLoopGroup = eventLoopGroup
        self.metrics = metrics
        self.logger = logger
        self.history = HistoryReader(log: log, window: configuration.replayWindow, threadPool: threadPool)
        self.rateLimiter = RateLimiter(capacity: configuration.rateMessages, window: configuration.rateWindow)
        self.connections = ConnectionCounter(limit: configuration.maxConnectionsPerAddress)
        self.textRule = MessageTextRule(
            maxBytes: configuration.maxMessageBytes,
            maxGraphemes: configuration.maxMessageGraphemes
        )
        log.onCommitted { [weak self] stored in self?.publish(stored) }
    }

    /// The room called `name`, created on first use.
    package func room(_ name: String) -> Room {
        self.rooms.withLock { rooms in self.room(name, in: &rooms) }
    }

    /// Adds `member` (living on `loop`; call on `loop`) to room `name`, creating it on first use.
    ///
    /// Lookup and add happen under one lock, so a room being forgotten for being empty cannot lose a joiner.
    package func join(_ name: String, member: any RoomMember, on loop: any EventLoop) -> Room {
        self.rooms.withLock { rooms in
            let room = self.room(name, in: &rooms)
            room.add(member, on: loop)
            return room
        }
    }

    private func room(_ name: String, in rooms: inout [String: Room]) -> Room {
        if let room = rooms[name] { return room }
        let room = Room(
            name: name,
            batchWindow: self.configuration.batchWindow,
            slowMode: self.configuration.defaultSlowMode,
            flushLoop: self.eventLoopGroup.any(),
            delivered: { [metrics] count in metrics.delivered(count) }
        )
        rooms[name] = room
        return room
    }

    /// The room called `name` if anyone has used it since the node started.
    package func existingRoom(_ name: String) -> Room? {
        self.rooms.withLock { $0[name] }
    }

    /// Hands committed messages to their rooms, keeping each room's commit order.
    private func publish(_ stored: [StoredMessage]) {
        var byRoom: [String: [StoredMessage]] = [:]
        var order: [String] = []
        for message in stored {
            if byRoom[message.message.room] == nil { order.append(message.message.room) }
            byRoom[message.message.room, default: []].append(message)
        }
        for name in order {
            self.room(name).publish(byRoom[name]!)
        }
    }

    /// Where the member counts of the other nodes come from (replication's stats), for global presence.
    package func remotePresence(_ counts: @escaping @Sendable () -> [String: Int]) {
        self.remoteCounts.withLock { $0 = counts }
    }

    /// Members per room on this node, rooms with members only.
    package func localRoomCounts() -> [String: Int] {
        self.rooms.withLock { rooms in rooms.compactMapValues { $0.memberCount > 0 ? $0.memberCount : nil } }
    }

    /// Members of `room` on every node: this node's count plus what the other nodes last reported.
    package func globalCount(_ room: Room) -> Int {
        room.memberCount + (self.remoteCounts.withLock { $0 }?()[room.name] ?? 0)
    }

    /// Tells each room whose member count changed since the last tick; forgets empty rooms with default settings.
    package func announcePresence() {
        let rooms = self.rooms.withLock { rooms in
            rooms = rooms.filter {
                $0.value.memberCount > 0 || $0.value.slowModeInterval != self.configuration.defaultSlowMode
            }
            return Array(rooms.values)
        }
        let remote = self.remoteCounts.withLock { $0 }?() ?? [:]
        for room in rooms {
            if let count = room.presenceToAnnounce(adding: remote[room.name] ?? 0) {
                let payload = ChatReply.presence(room: room.name, count: count)
                room.broadcast(notice: WebSocketTextFrame.make(payload: payload))
            }
        }
    }
}
