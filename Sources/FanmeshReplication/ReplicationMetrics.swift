internal import Metrics

/// Replication's metric handles, made once per origin and peer (labels come only from the topology).
struct ReplicationMetrics: Sendable {
    private let lagHistogram: [String: Metrics.Timer]
    private let lagSeconds: [String: Gauge]
    private let lagEntries: [String: Gauge]
    private let rtt: [String: Gauge]
    private let paths: [String: [String: Gauge]]
    private let bytesReceived: [String: Counter]
    private let bytesSent: [String: Counter]

    init(replica: String, origins: [String], peers: [String]) {
        var lagHistogram: [String: Metrics.Timer] = [:]
        var lagSeconds: [String: Gauge] = [:]
        var lagEntries: [String: Gauge] = [:]
        for origin in origins {
            let dimensions = [("origin", origin), ("replica", replica)]
            lagHistogram[origin] = Metrics.Timer(label: "fanmesh_replication_lag_seconds", dimensions: dimensions)
            lagSeconds[origin] = Gauge(label: "fanmesh_replication_lag_current_seconds", dimensions: dimensions)
            lagEntries[origin] = Gauge(label: "fanmesh_replication_lag_entries", dimensions: dimensions)
        }
        var rtt: [String: Gauge] = [:]
        for peer in peers {
            rtt[peer] = Gauge(label: "fanmesh_link_rtt_seconds", dimensions: [("from", replica), ("to", peer)])
        }
        var paths: [String: [String: Gauge]] = [:]
        for origin in origins {
            for peer in peers {
                paths[origin, default: [:]][peer] = Gauge(
                    label: "fanmesh_replication_path",
                    dimensions: [("origin", origin), ("replica", replica), ("via", peer)]
                )
            }
        }
        self.paths = paths
        self.bytesReceived = Dictionary(
            uniqueKeysWithValues: peers.map {
                ($0, Counter(label: "fanmesh_replication_bytes_total", dimensions: [("peer", $0), ("direction", "in")]))
            }
        )
        self.bytesSent = Dictionary(
            uniqueKeysWithValues: peers.map {
                ($0, Counter(label: "fanmesh_replication_bytes_total", dimensions: [("peer", $0), ("direction", "out")]))
            }
        )
        self.lagHistogram = lagHistogram
        self.lagSeconds = lagSeconds
        self.lagEntries = lagEntries
        self.rtt = rtt
    }

    func recordLag(origin: String, seconds: Double, entries: UInt64) {
        self.lagHistogram[origin]?.recordNanoseconds(Int64(seconds * 1e9))
        self.lagSeconds[origin]?.record(seconds)
        self.lagEntries[origin]?.record(Double(entries))
    }

    /// Marks `via` as the path for `origin` (1) and every other peer as not (0).
    func recordPaths(_ current: [String: String]) {
        for (origin, peers) in self.paths {
            for (peer, gauge) in peers { gauge.record(current[origin] == peer ? 1 : 0) }
        }
    }

    func received(bytes: Int, from peer: String) {
        self.bytesReceived[peer]?.increment(by: bytes)
    }

    func sent(bytes: Int, to peer: String) {
        self.bytesSent[peer]?.increment(by: bytes)
    }

    func recordRTT(peer: String, _ rtt: Duration) {
        let seconds = Double(rtt.components.seconds) + Double(rtt.components.attoseconds) * 1e-18
        self.rtt[peer]?.record(seconds)
    }
}
