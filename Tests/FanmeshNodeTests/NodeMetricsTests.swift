import Prometheus
import Testing

@testable import FanmeshNode

@Suite("NodeMetrics")
struct NodeMetricsTests {
    @Test("A scrape carries process, uptime, build and store figures in Prometheus text")
    func scrapeCarriesNodeFigures() {
        let metrics = NodeMetrics(registry: PrometheusCollectorRegistry(), nodeID: "seoul-1", region: "seoul", capacity: 500)
        metrics.readStoreFigures { .init(mapSizeBytes: 1 << 20, usedBytes: 4096) }
        let text = String(decoding: metrics.render(), as: UTF8.self)
        #expect(text.contains("fanmesh_build_info{version=\""))
        #expect(text.contains("node=\"seoul-1\""))
        #expect(text.contains("fanmesh_node_capacity 500"))
        #expect(text.contains("fanmesh_store_map_size_bytes 1048576"))
        #expect(text.contains("fanmesh_store_used_bytes 4096"))
        #expect(text.contains("# TYPE process_cpu_seconds_total counter"))
        let rss = text.split(separator: "\n").first { $0.hasPrefix("process_resident_memory_bytes ") }
        #expect((rss.flatMap { Double($0.split(separator: " ")[1]) } ?? 0) > 1_000_000)
    }
}
