internal import FanmeshChat
internal import FanmeshCore
internal import Logging
internal import NIOCore
internal import NIOHTTP2
internal import Synchronization

/// This node serving `peer` over one stream: for each origin the peer subscribed to, everything after the
/// peer's sequence — the backlog at full speed in bounded frames, then new entries as they are committed — and
/// the newest heartbeat of each. Where retention deleted entries the peer lacks, a `gap` through this node's
/// retention floor comes first. HTTP/2 flow control paces it: a write waits while the peer's window is full.
struct SourceSession {
    let peer: String
    let replicator: Replicator

    func run(
        inbound: NIOAsyncChannelInboundStream<HTTP2Frame.FramePayload>,
        outbound: NIOAsyncChannelOutboundWriter<HTTP2Frame.FramePayload>
    ) async throws {
        let configuration = self.replicator.configuration
        let wake = WakeUp(interval: configuration.heartbeatInterval)
        let key = self.replicator.registerSource(wake)
        let cursors = PendingSubscription()
        defer {
            wake.finish()
            self.replicator.unregisterSource(key)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await readFrames(
                    from: inbound,
                    maxFrameBytes: 16 << 20,
                    received: { self.replicator.metrics.received(bytes: $0, from: self.peer) }
                ) { frame in
                    switch frame {
                    case .subscribe(let after):
                        cursors.set(after)
                        wake.signal()
                    default:
                        await self.replicator.receive(frame, from: self.peer)
                    }
                }
            }
            group.addTask {
                var sent: [String: UInt64] = [:]
                var sentHeartbeats: [String: HybridLogicalClock.Timestamp] = [:]
                var lastStats = ContinuousClock.now - .seconds(60)
                var subscription: [String: UInt64] = [:]
                for await _ in wake.wakes {
                    if let updated = cursors.take() {
                        subscription = updated
                        sent = updated
                        sentHeartbeats = [:]
                    }
                    // Backlog and new entries, a bounded frame per origin per pass, until all are caught up.
                    var progressed = true
                    while progressed, !Task.isCancelled {
                        progressed = false
                        var frames: [ReplicationFrame] = []
                        for origin in subscription.keys.sorted() {
                            let after = sent[origin] ?? 0
                            let batch = try self.replicator.log.entries(
                                origin: origin,
                                after: after,
                                limit: configuration.maxEntriesPerFrame,
                                maxBytes: configuration.maxFrameRecordBytes
                            )
                            // Retention deleted what the replica lacks: tell it to skip, then send what follows.
                            if let floor = batch.gapThrough {
                                frames.append(.gap(origin: origin, through: floor))
                                sent[origin] = floor
                                progressed = true
                            }
                            guard let last = batch.messages.last else { continue }
                            frames.append(.entries(origin: origin, messages: batch.messages))
                            sent[origin] = last.id.sequence
                            progressed = true
                        }
                        self.replicator.metrics.sent(bytes: try await outbound.write(frames: frames), to: self.peer)
                        if cursors.isPending { break }
                    }
                    var frames: [ReplicationFrame] = []
                    for origin in subscription.keys.sorted() {
                        guard let heartbeat = self.replicator.heartbeat(of: origin),
                            sentHeartbeats[origin].map({ heartbeat.time > $0 }) ?? true
                        else { continue }
                        frames.append(.heartbeat(origin: origin, time: heartbeat.time, sequence: heartbeat.sequence))
                        sentHeartbeats[origin] = heartbeat.time
                    }
                    if ContinuousClock.now - lastStats >= configuration.statsInterval {
                        frames.append(.stats(self.replicator.currentStats().encoded()))
                        lastStats = .now
                    }
                    self.replicator.metrics.sent(bytes: try await outbound.write(frames: frames), to: self.peer)
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}

/// The newest `subscribe` a replica sent, until the serving loop takes it.
final class PendingSubscription: Sendable {
    private let value = Mutex<[String: UInt64]?>(nil)

    func set(_ after: [String: UInt64]) {
        self.value.withLock { $0 = after }
    }

    func take() -> [String: UInt64]? {
        self.value.withLock { value in
            defer { value = nil }
            return value
        }
    }

    var isPending: Bool {
        self.value.withLock { $0 != nil }
    }
}
