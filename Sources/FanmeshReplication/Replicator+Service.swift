internal import Logging
package import NIOSSL
package import ServiceLifecycle

extension Replicator {
    /// The long-running parts of replication as services for the node's `ServiceGroup`: a dialer per peer this
    /// node dials, heartbeats, and periodic path re-evaluation. The listener is separate (``PeerListener``).
    package func services(sslContext: NIOSSLContext?) -> [any Service] {
        var services: [any Service] = self.peers.filter { self.nodeID < $0.id }.map { peer in
            var logger = self.logger
            logger[metadataKey: "repl.peer"] = "\(peer.id)"
            return PeerDialer(peer: peer, replicator: self, sslContext: sslContext, logger: logger)
        }
        services.append(ReplicatorTicker(replicator: self))
        return services
    }
}

/// Heartbeats and path re-evaluation, while the node runs.
struct ReplicatorTicker: Service {
    let replicator: Replicator

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.replicator.runHeartbeats() }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: self.replicator.configuration.statsInterval)
                        self.replicator.updatePaths()
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
    }
}
