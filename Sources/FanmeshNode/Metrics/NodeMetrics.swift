internal import FanmeshCore
package import Prometheus
internal import Synchronization

/// The node-wide Prometheus figures refreshed at scrape time (process, uptime, build, store), and the text `/metrics`
/// serves.
///
/// Feature modules record into the same registry through swift-metrics (the `fanmesh` command bootstraps it with a
/// `PrometheusMetricsFactory` over ``registry``), so one scrape shows everything.
package final class NodeMetrics: Sendable {
    /// Figures a scrape reads from the store.
    package struct StoreFigures: Sendable {
        package var mapSizeBytes: Int
        package var usedBytes: Int

        package init(mapSizeBytes: Int, usedBytes: Int) {
            self.mapSizeBytes = mapSizeBytes
            self.usedBytes = usedBytes
        }
    }

    package let registry: PrometheusCollectorRegistry
    private let startedAt: ContinuousClock.Instant
    private let storeFigures: Mutex<(@Sendable () -> StoreFigures?)?>
    private let reportedCPUSeconds = Mutex(0.0)

    private let cpuSeconds: Counter
    private let residentMemory: Gauge
    private let virtualMemory: Gauge
    private let openFileDescriptors: Gauge
    private let maxFileDescriptors: Gauge
    private let startTime: Gauge
    private let uptime: Gauge
    private let storeMapSize: Gauge
    private let storeUsed: Gauge

    package init(registry: PrometheusCollectorRegistry, nodeID: String, region: String, capacity: Int) {
        self.registry = registry
        self.startedAt = .now
        self.storeFigures = Mutex(nil)
        self.cpuSeconds = registry.makeCounter(
            name: "process_cpu_seconds_total",
            help: "User and system CPU time spent by the node process, in seconds."
        )
        self.residentMemory = registry.makeGauge(
            name: "process_resident_memory_bytes",
            help: "Resident memory of the node process, in bytes."
        )
        self.virtualMemory = registry.makeGauge(
            name: "process_virtual_memory_bytes",
            help: "Virtual memory of the node process, in bytes."
        )
        self.openFileDescriptors = registry.makeGauge(
            name: "process_open_fds",
            help: "Open file descriptors of the node process."
        )
        self.maxFileDescriptors = registry.makeGauge(
            name: "process_max_fds",
            help: "The node process's open-file limit (ulimit -n)."
        )
        self.startTime = registry.makeGauge(
            name: "process_start_time_seconds",
            help: "When the node process started, in seconds since the Unix epoch."
        )
        self.uptime = registry.makeGauge(
            name: "fanmesh_uptime_seconds",
            help: "Seconds since this node started."
        )
        self.storeMapSize = registry.makeGauge(
            name: "fanmesh_store_map_size_bytes",
            help: "Current size of the LMDB map; it grows on demand up to lmdb.max_map_size."
        )
        self.storeUsed = registry.makeGauge(
            name: "fanmesh_store_used_bytes",
            help: "Bytes of the LMDB map in use."
        )
        let buildInfo = registry.makeGauge(
            name: "fanmesh_build_info",
            labels: [("version", BuildInfo.version), ("node", nodeID), ("region", region)],
            help: "Always 1; the labels say which build runs as which node."
        )
        buildInfo.set(1.0)
        let capacityGauge = registry.makeGauge(
            name: "fanmesh_node_capacity",
            help: "Fans this node admits, from the topology's capacity."
        )
        capacityGauge.set(Double(capacity))
    }

    /// Tells scrapes where to read the store's figures once the store is open.
    package func readStoreFigures(from source: @escaping @Sendable () -> StoreFigures?) {
        self.storeFigures.withLock { $0 = source }
    }

    /// Refreshes the scrape-time figures and renders every metric in the Prometheus text format.
    package func render() -> [UInt8] {
        let process = ProcessStats.current()
        let newCPU = self.reportedCPUSeconds.withLock { reported in
            defer { reported = max(reported, process.cpuSeconds) }
            return max(0, process.cpuSeconds - reported)
        }
        self.cpuSeconds.increment(by: newCPU)
        self.residentMemory.set(Double(process.residentMemoryBytes))
        self.virtualMemory.set(Double(process.virtualMemoryBytes))
        self.openFileDescriptors.set(Double(process.openFileDescriptors))
        self.maxFileDescriptors.set(Double(process.maxFileDescriptors))
        self.startTime.set(process.startTimeSeconds)
        let elapsed = ContinuousClock.now - self.startedAt
        self.uptime.set(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        if let figures = self.storeFigures.withLock({ $0 })?() {
            self.storeMapSize.set(Double(figures.mapSizeBytes))
            self.storeUsed.set(Double(figures.usedBytes))
        }
        return self.registry.emitToBuffer()
    }
}
