package import FanmeshChat
package import FanmeshCore
internal import Foundation
package import Logging
internal import Metrics
internal import Synchronization

/// Keeps this node's copy of every other origin's chat log complete: for each origin it pulls, over one HTTP/2
/// connection per pair of nodes, from the peer on the fastest working path, applies entries gap-free, and serves
/// what it has to peers that pull from it. Measures link RTT (PING) and per-origin lag (heartbeats).
///
/// Sessions call in from their tasks; all state is behind one lock. See `docs/replication.md`.
package final class Replicator: Sendable {
    /// Decides the path per origin from the RTT matrix and the connected peers (``PathSelector`` in
    /// FanmeshRouting, kept apart by the module rules); returns origin → peer to pull from.
    package typealias PathUpdate = @Sendable (_ origins: [String], _ matrix: RTTMatrix, _ connected: Set<String>) -> [
        String: String
    ]

    struct Heartbeat: Sendable, Equatable {
        var time: HybridLogicalClock.Timestamp
        var sequence: UInt64
    }

    struct OriginState: Sendable {
        var holder: GapHolder<ChatMessage>
        var newestHeartbeat: Heartbeat?
        var pendingHeartbeats: [Heartbeat] = []
        var appliedHeartbeatTime: HybridLogicalClock.Timestamp?
        var committed: UInt64
    }

    struct State: Sendable {
        var origins: [String: OriginState] = [:]
        var paths: [String: String] = [:]
        var connected: Set<String> = []
        var rtt: [String: LinkRTT] = [:]
        var matrix = RTTMatrix()
        var ownHeartbeat: Heartbeat?
        var remoteRooms: [String: [String: Int]] = [:]
        var sourceWakes: [ObjectIdentifier: WakeUp] = [:]
        var replicaWakes: [String: WakeUp] = [:]
        var events: [MeshEvent] = []
    }

    package let nodeID: String
    package let region: String
    package let configuration: Configuration
    package let peers: [Peer]
    let log: ChatLog
    let logger: Logger
    let state: Mutex<State>
    let pathUpdate: PathUpdate
    let localRooms: @Sendable () -> [String: Int]
    let metrics: ReplicationMetrics

    package init(
        nodeID: String,
        region: String,
        peers: [Peer],
        configuration: Configuration,
        log: ChatLog,
        pathUpdate: @escaping PathUpdate,
        localRooms: @escaping @Sendable () -> [String: Int],
        logger: Logger
    ) {
        self.nodeID = nodeID
        self.region = region
        self.peers = peers
        self.configuration = configuration
        self.log = log
        self.pathUpdate = pathUpdate
        self.localRooms = localRooms
        self.logger = logger
        self.metrics = ReplicationMetrics(replica: nodeID, origins: peers.map(\.id), peers: peers.map(\.id))
        let versions = log.versions
        var state = State()
        for peer in peers {
            state.origins[peer.id] = OriginState(
                holder: GapHolder(applied: versions[peer.id], capacity: configuration.maxHeldEntries),
                committed: versions[peer.id]
            )
        }
        self.state = Mutex(state)
        log.onCommitted { [weak self] stored in self?.committed(stored) }
    }

    /// The peer ids, which are also every other origin.
    package var origins: [String] { self.peers.map(\.id) }

    // MARK: Replica side

    /// What this node wants from `peer` now: the origins routed through it, after what this node has of each.
    func subscription(for peer: String) -> VersionVector {
        self.state.withLock { state in
            var vector = VersionVector()
            for (origin, source) in state.paths where source == peer {
                // Entries are wanted after the last one handed to the log; 0 is written explicitly below.
                vector[origin] = state.origins[origin]?.holder.applied ?? 0
            }
            return vector
        }
    }

    /// The origins routed through `peer`, including those at sequence 0 (which a vector does not list).
    func subscribedOrigins(for peer: String) -> [String] {
        self.state.withLock { state in state.paths.filter { $0.value == peer }.map(\.key).sorted() }
    }

    /// Handles a frame that came from `peer`. Entries return once they are committed, so a stream is not read
    /// faster than this node can apply it: HTTP/2 flow control then slows the source instead of the commit queue
    /// overflowing.
    func receive(_ frame: ReplicationFrame, from peer: String) async {
        switch frame {
        case .entries(let origin, let messages):
            await self.receiveEntries(origin: origin, messages: messages)
        case .heartbeat(let origin, let time, let sequence):
            self.receiveHeartbeat(origin: origin, heartbeat: Heartbeat(time: time, sequence: sequence))
        case .gap(let origin, let through):
            guard let ready = self.skipGap(origin: origin, through: through) else { return }
            self.logger.notice("Replication gap", metadata: ["repl.origin": "\(origin)", "repl.seq": "\(through)"])
            await self.apply(origin: origin, ready)
        case .stats(let json):
            guard let stats = try? PeerStats(decoding: json), stats.node == peer else { return }
            self.receiveStats(stats)
        case .subscribe:
            break
        }
    }

    private func receiveEntries(origin: String, messages: [ChatMessage]) async {
        guard origin != self.nodeID else { return }
        let ready: [ChatMessage]? = self.state.withLock { state in
            guard var originState = state.origins[origin] else { return nil }
            let outcome = originState.holder.receive(messages.map { ($0.id.sequence, $0) })
            state.origins[origin] = originState
            return outcome.ready
        }
        guard let ready else { return }
        await self.apply(origin: origin, ready)
    }

    private func apply(origin: String, _ ready: [ChatMessage]) async {
        guard !ready.isEmpty else { return }
        let result = await withCheckedContinuation { continuation in
            self.log.apply(ready) { continuation.resume(returning: $0) }
        }
        if case .failure(let error) = result {
            self.logger.error("Applying replicated entries failed", metadata: ["repl.origin": "\(origin)", "error": "\(error)"])
            self.restartFromCommitted(origin: origin)
        }
    }

    /// Forgets what was handed to the log for `origin` and asks again from what is committed.
    func restartFromCommitted(origin: String) {
        let peer: String? = self.state.withLock { state in
            guard var originState = state.origins[origin] else { return nil }
            originState.holder = GapHolder(
                applied: self.log.versions[origin],
                capacity: self.configuration.maxHeldEntries
            )
            state.origins[origin] = originState
            return state.paths[origin]
        }
        if let peer { self.wakeReplica(peer) }
    }

    private func receiveHeartbeat(origin: String, heartbeat: Heartbeat) {
        self.state.withLock { state in
            guard var originState = state.origins[origin] else { return }
            if originState.newestHeartbeat.map({ heartbeat.time > $0.time }) ?? true {
                originState.newestHeartbeat = heartbeat
            }
            if heartbeat.sequence <= originState.committed {
                originState.appliedHeartbeatTime = max(originState.appliedHeartbeatTime ?? heartbeat.time, heartbeat.time)
            } else {
                originState.pendingHeartbeats.append(heartbeat)
                if originState.pendingHeartbeats.count > 256 { originState.pendingHeartbeats.removeFirst() }
            }
            state.origins[origin] = originState
        }
    }

    /// Commits reached the log (this node's own or applied ones): wake sources, advance lag tracking.
    private func committed(_ stored: [StoredMessage]) {
        let wakes: [WakeUp] = self.state.withLock { state in
            for message in stored where message.message.id.origin != self.nodeID {
                let origin = message.message.id.origin
                guard var originState = state.origins[origin] else { continue }
                originState.committed = max(originState.committed, message.message.id.sequence)
                let applied = originState.pendingHeartbeats.filter { $0.sequence <= originState.committed }
                if let newest = applied.map(\.time).max() {
                    originState.appliedHeartbeatTime = max(originState.appliedHeartbeatTime ?? newest, newest)
                    originState.pendingHeartbeats.removeAll { $0.sequence <= originState.committed }
                }
                state.origins[origin] = originState
            }
            return Array(state.sourceWakes.values)
        }
        for wake in wakes { wake.signal() }
    }

    // MARK: Source side

    /// The newest heartbeat this node knows of `origin` (its own for itself).
    func heartbeat(of origin: String) -> Heartbeat? {
        self.state.withLock { state in
            origin == self.nodeID ? state.ownHeartbeat : state.origins[origin]?.newestHeartbeat
        }
    }

    func registerSource(_ wake: WakeUp) -> ObjectIdentifier {
        let key = ObjectIdentifier(wake)
        self.state.withLock { $0.sourceWakes[key] = wake }
        return key
    }

    func unregisterSource(_ key: ObjectIdentifier) {
        self.state.withLock { _ = $0.sourceWakes.removeValue(forKey: key) }
    }

    // MARK: Links

    func replicaConnected(peer: String, wake: WakeUp) {
        self.state.withLock { state in
            state.connected.insert(peer)
            state.replicaWakes[peer] = wake
            state.record(.init(kind: "link_up", detail: "\(self.nodeID) ↔ \(peer)"))
        }
        self.logger.info("Peer link up", metadata: ["repl.peer": "\(peer)"])
        self.updatePaths()
    }

    func replicaDisconnected(peer: String, wake: WakeUp) {
        let removed: Bool = self.state.withLock { state in
            guard state.replicaWakes[peer] === wake else { return false }
            state.connected.remove(peer)
            state.replicaWakes[peer] = nil
            state.rtt[peer] = nil
            state.matrix[self.nodeID, peer] = nil
            state.record(.init(kind: "link_down", detail: "\(self.nodeID) ↔ \(peer)"))
            return true
        }
        guard removed else { return }
        self.logger.info("Peer link down", metadata: ["repl.peer": "\(peer)"])
        self.updatePaths()
    }

    func recordRTT(peer: String, _ rtt: Duration) {
        let smoothed: Duration? = self.state.withLock { state in
            state.rtt[peer, default: LinkRTT()].record(rtt)
            let smoothed = state.rtt[peer]?.smoothed
            state.matrix[self.nodeID, peer] = smoothed
            return smoothed
        }
        if let smoothed { self.metrics.recordRTT(peer: peer, smoothed) }
    }

    func wakeReplica(_ peer: String) {
        self.state.withLock { $0.replicaWakes[peer] }?.signal()
    }

    private func receiveStats(_ stats: PeerStats) {
        self.state.withLock { state in
            state.matrix.setRow(stats.node, stats.rttMilliseconds.mapValues { .microseconds(Int64($0 * 1000)) })
            state.remoteRooms[stats.node] = stats.rooms
        }
    }

    /// Re-chooses every origin's path and tells the peers whose subscriptions changed.
    func updatePaths() {
        let (origins, matrix, connected) = self.state.withLock { state in
            (self.origins, state.matrix, state.connected)
        }
        let newPaths = self.pathUpdate(origins, matrix, connected)
        let (changedPeers, wakes): (Set<String>, [WakeUp]) = self.state.withLock { state in
            var changed = Set<String>()
            for origin in origins where state.paths[origin] != newPaths[origin] {
                if let old = state.paths[origin] { changed.insert(old) }
                if let new = newPaths[origin] { changed.insert(new) }
                state.record(
                    .init(kind: "path_switched", detail: "\(origin) via \(newPaths[origin] ?? "none") (was \(state.paths[origin] ?? "none"))")
                )
            }
            state.paths = newPaths
            return (changed, changed.compactMap { state.replicaWakes[$0] })
        }
        if !changedPeers.isEmpty {
            self.logger.info("Replication paths changed", metadata: ["repl.paths": "\(newPaths)"])
            self.metrics.recordPaths(newPaths)
        }
        for wake in wakes { wake.signal() }
    }

    /// This node's stats for its peers.
    func currentStats() -> PeerStats {
        let (rtt, lag) = self.state.withLock { state in
            (state.rtt.compactMapValues { $0.smoothed }, self.lagSeconds(state: state))
        }
        return PeerStats(
            node: self.nodeID,
            region: self.region,
            rttMilliseconds: rtt.mapValues { Double($0.components.attoseconds) / 1e15 + Double($0.components.seconds) * 1000 },
            rooms: self.localRooms(),
            lagSeconds: lag
        )
    }

    /// Members per room on the other nodes, summed.
    package func remoteRoomCounts() -> [String: Int] {
        self.state.withLock { state in
            var total: [String: Int] = [:]
            for rooms in state.remoteRooms.values {
                for (room, count) in rooms { total[room, default: 0] += count }
            }
            return total
        }
    }
}

extension Replicator.State {
    mutating func record(_ event: MeshEvent) {
        self.events.append(event)
        if self.events.count > 200 { self.events.removeFirst(self.events.count - 200) }
    }
}
