internal import FanmeshChat
internal import FanmeshCore
internal import Synchronization
internal import Foundation

extension Replicator {
    /// Per origin, seconds since the newest heartbeat whose entries are all applied here (nil before the first).
    func lagSeconds(state: State) -> [String: Double] {
        let now = Date().timeIntervalSince1970 * 1000
        var lag: [String: Double] = [:]
        for (origin, originState) in state.origins {
            guard let time = originState.appliedHeartbeatTime else { continue }
            lag[origin] = max(0, (now - Double(time.milliseconds)) / 1000)
        }
        return lag
    }

    /// Entries an origin has that this node has not applied, by its newest heartbeat.
    func lagEntries(state: State) -> [String: UInt64] {
        state.origins.mapValues { originState in
            guard let newest = originState.newestHeartbeat else { return 0 }
            return newest.sequence > originState.committed ? newest.sequence - originState.committed : 0
        }
    }

    /// Emits this node's heartbeat and samples lag, every heartbeat interval, until cancelled.
    func runHeartbeats() async {
        var clock = HybridLogicalClock()
        while !Task.isCancelled {
            let wall = UInt64(Date().timeIntervalSince1970 * 1000)
            let heartbeat = Heartbeat(time: clock.now(wallMilliseconds: wall), sequence: self.log.lastSequence)
            let (lag, entries) = self.state.withLock { state in
                state.ownHeartbeat = heartbeat
                return (self.lagSeconds(state: state), self.lagEntries(state: state))
            }
            for (origin, seconds) in lag {
                self.metrics.recordLag(origin: origin, seconds: seconds, entries: entries[origin] ?? 0)
            }
            try? await Task.sleep(for: self.configuration.heartbeatInterval)
        }
    }
}
