internal import FanmeshChat
internal import FanmeshCore
internal import Logging
internal import Synchronization

extension Replicator {
    /// A source said `origin`'s entries up to `through` are gone (retention): skips them in the gap holder and, queued
    /// ahead of anything applied after it, in the log, so the entry after `through` applies next. Returns the held
    /// entries that now follow, to apply; nil when the gap is nothing new.
    func skipGap(origin: String, through: UInt64) -> [ChatMessage]? {
        guard origin != self.nodeID else { return nil }
        let ready: [ChatMessage]? = self.state.withLock { state in
            guard var originState = state.origins[origin], through > originState.holder.applied else { return nil }
            let ready = originState.holder.skip(to: through)
            state.origins[origin] = originState
            state.record(.init(kind: "gap", detail: "\(origin) skipped through \(through) (retention)"))
            return ready
        }
        guard let ready else { return nil }
        self.log.skip(origin: origin, through: through) { [weak self] result in
            guard let self else { return }
            switch result {
            case .success:
                self.state.withLock { state in
                    guard var originState = state.origins[origin] else { return }
                    originState.committed = max(originState.committed, through)
                    let applied = originState.pendingHeartbeats.filter { $0.sequence <= originState.committed }
                    if let newest = applied.map(\.time).max() {
                        originState.appliedHeartbeatTime = max(originState.appliedHeartbeatTime ?? newest, newest)
                        originState.pendingHeartbeats.removeAll { $0.sequence <= originState.committed }
                    }
                    state.origins[origin] = originState
                }
            case .failure(let error):
                self.logger.error(
                    "Skipping a replication gap failed",
                    metadata: ["repl.origin": "\(origin)", "repl.seq": "\(through)", "error": "\(error)"]
                )
                self.restartFromCommitted(origin: origin)
            }
        }
        return ready
    }
}
