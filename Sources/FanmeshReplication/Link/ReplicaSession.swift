internal import FanmeshCore
internal import Logging
internal import NIOCore
internal import NIOHTTP2
internal import Synchronization

/// This node pulling from `peer` over one stream: it sends what it wants (``ReplicationFrame/subscribe(_:)``)
/// whenever its paths change, its stats every second, and applies what arrives.
struct ReplicaSession {
    let peer: String
    let replicator: Replicator

    func run(inbound: NIOAsyncChannelInboundStream<HTTP2Frame.FramePayload>, outbound: NIOAsyncChannelOutboundWriter<HTTP2Frame.FramePayload>) async throws {
        let wake = WakeUp(interval: self.replicator.configuration.statsInterval)
        let heard = HeardFlag()
        defer {
            wake.finish()
            self.replicator.replicaDisconnected(peer: self.peer, wake: wake)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var lastSent: [String: UInt64]?
                var lastStats = ContinuousClock.now - .seconds(60)
                for await _ in wake.wakes {
                    var frames: [ReplicationFrame] = []
                    let origins = self.replicator.subscribedOrigins(for: self.peer)
                    let vector = self.replicator.subscription(for: self.peer)
                    let wanted = Dictionary(uniqueKeysWithValues: origins.map { ($0, vector[$0]) })
                    if wanted != lastSent {
                        frames.append(.subscribe(wanted))
                        lastSent = wanted
                    }
                    if ContinuousClock.now - lastStats >= self.replicator.configuration.statsInterval {
                        frames.append(.stats(self.replicator.currentStats().encoded()))
                        lastStats = .now
                    }
                    self.replicator.metrics.sent(bytes: try await outbound.write(frames: frames), to: self.peer)
                }
            }
            group.addTask {
                try await readFrames(
                    from: inbound,
                    maxFrameBytes: 64 << 20,
                    received: { self.replicator.metrics.received(bytes: $0, from: self.peer) }
                ) { frame in
                    // The link counts as up once the peer has answered, not when the stream opened: a stalled
                    // path accepts streams and then says nothing.
                    if heard.setFirst() { self.replicator.replicaConnected(peer: self.peer, wake: wake) }
                    await self.replicator.receive(frame, from: self.peer)
                }
            }
            // Either direction ending ends the session; the connection is then closed and redialled.
            try await group.next()
            group.cancelAll()
        }
    }
}

/// Set once, by the first frame heard on a stream.
final class HeardFlag: Sendable {
    private let value = Atomic<Bool>(false)

    /// True only for the first call.
    func setFirst() -> Bool {
        !self.value.exchange(true, ordering: .relaxed)
    }
}
