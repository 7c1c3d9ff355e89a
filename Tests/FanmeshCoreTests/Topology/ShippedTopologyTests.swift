import FanmeshCore
import Foundation
import Testing

@Suite("Shipped topologies")
struct ShippedTopologyTests {
    /// The repository root, three folders above this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func files(in folder: String) -> [String] {
        let url = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { url.appendingPathComponent($0).path }
    }

    static func load(_ name: String) throws -> Topology {
        try TopologyLoader.load(file: root.appendingPathComponent("topology/\(name)").path)
    }

    @Test("The repository ships local.yaml and global.yaml")
    func shipsBoth() {
        #expect(
            Self.files(in: "topology").map { URL(fileURLWithPath: $0).lastPathComponent } == [
                "global.yaml", "local.yaml",
            ]
        )
    }

    @Test("Every shipped topology validates", arguments: files(in: "topology"))
    func validates(_ file: String) {
        #expect(TopologyFixture.problems(loading: file) == [])
    }

    @Test("Every shipped region file is named by a shipped topology")
    func everyRegionFileIsUsed() throws {
        let used = try Set(["local.yaml", "global.yaml"].flatMap { try Self.load($0).regions.map(\.settingsFile) })
        #expect(Set(Self.files(in: "regions")) == used)
    }

    @Test("local.yaml is three regions on loopback with emulated links and a demo origin")
    func localMesh() throws {
        let topology = try Self.load("local.yaml")
        #expect(topology.demo)
        #expect(topology.admin == HostAndPort(host: "127.0.0.1", port: 7700))
        #expect(topology.tls == nil)
        #expect(topology.regions.map(\.name) == ["seoul", "frankfurt", "saopaulo"])
        #expect(topology.nodes.map(\.id) == ["seoul-1", "frankfurt-1", "saopaulo-1"])
        #expect(topology.nodes.map(\.client.description) == ["127.0.0.1:7101", "127.0.0.1:7102", "127.0.0.1:7103"])
        #expect(topology.nodes.map(\.peer.description) == ["127.0.0.1:7201", "127.0.0.1:7202", "127.0.0.1:7203"])
        #expect(topology.link(between: "seoul", and: "frankfurt")?.rtt == .milliseconds(266))
        #expect(topology.link(between: "saopaulo", and: "seoul")?.rtt == .milliseconds(286))
        #expect(topology.link(between: "frankfurt", and: "saopaulo")?.rtt == .milliseconds(195))
        #expect(topology.origin(serving: "demo")?.url == "http://127.0.0.1:7800")
        #expect(topology.regions[0].settings.dataDirectory == Self.root.appendingPathComponent("data").path)
    }

    @Test("global.yaml is six regions with TLS, two Seoul nodes and no emulated links")
    func globalMesh() throws {
        let topology = try Self.load("global.yaml")
        #expect(!topology.demo)
        #expect(topology.regions.map(\.name) == ["seoul", "tokyo", "singapore", "frankfurt", "virginia", "saopaulo"])
        #expect(topology.region(named: "seoul")?.nodes.map(\.id) == ["seoul-1", "seoul-2"])
        #expect(topology.links.isEmpty)
        #expect(topology.tls?.caFile == Self.root.appendingPathComponent("certs/ca.pem").path)
        #expect(topology.node(id: "virginia-1")?.peer == HostAndPort(host: "virginia-1.edge.example.net", port: 7443))
    }
}
