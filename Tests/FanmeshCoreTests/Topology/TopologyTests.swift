import FanmeshCore
import Testing

@Suite("Topology lookups")
struct TopologyTests {
    static let topology = Topology(
        name: "lookups",
        sourceFile: "/mesh/topology.yaml",
        auth: AuthSettings(hs256Key: String(repeating: "k", count: 32)),
        origins: [Origin(name: "demo", url: "http://127.0.0.1:7800", streams: ["demo", "backstage"])],
        regions: [
            Region(
                name: "seoul",
                location: GeoLocation(latitude: 37.5665, longitude: 126.978),
                settingsFile: "/regions/seoul.yaml",
                nodes: [node("seoul-1", "seoul", 7101), node("seoul-2", "seoul", 7102)]
            ),
            Region(
                name: "tokyo",
                location: GeoLocation(latitude: 35.6762, longitude: 139.6503),
                settingsFile: "/regions/tokyo.yaml",
                nodes: [node("tokyo-1", "tokyo", 7103)]
            ),
        ],
        links: [Link(between: "seoul", and: "tokyo", rtt: .milliseconds(33))]
    )

    static func node(_ id: String, _ region: String, _ port: Int) -> NodeSpec {
        NodeSpec(
            id: id,
            region: region,
            client: HostAndPort(host: "127.0.0.1", port: port),
            peer: HostAndPort(host: "127.0.0.1", port: port + 100),
            capacity: 10
        )
    }

    @Test("Nodes are listed region by region in file order")
    func nodesInOrder() {
        #expect(Self.topology.nodes.map(\.id) == ["seoul-1", "seoul-2", "tokyo-1"])
    }

    @Test("A node and a region are found by id and name, and unknown ones are nil")
    func lookups() {
        #expect(Self.topology.node(id: "seoul-2")?.client.port == 7102)
        #expect(Self.topology.node(id: "osaka-1") == nil)
        #expect(Self.topology.region(named: "tokyo")?.nodes.count == 1)
        #expect(Self.topology.region(named: "osaka") == nil)
    }

    @Test("A link is found with its regions named in either order")
    func linkEitherWay() {
        #expect(Self.topology.link(between: "tokyo", and: "seoul")?.rtt == .milliseconds(33))
        #expect(Self.topology.link(between: "seoul", and: "tokyo")?.jitter == .zero)
        #expect(Self.topology.link(between: "seoul", and: "seoul") == nil)
    }

    @Test("A stream's origin is the one that lists it")
    func originOfStream() {
        #expect(Self.topology.origin(serving: "backstage")?.name == "demo")
        #expect(Self.topology.origin(serving: "encore") == nil)
    }

    @Test("A problem built from source lines names the nearest line read")
    func problemFromSource() {
        let source = SourceLines(file: "regions/seoul.yaml", lines: ["limits": 12, "limits.rate_messages": 14])
        #expect(
            source.problem(at: "limits.rate_messages", "must be at most 1000").description
                == "regions/seoul.yaml:14: limits.rate_messages: must be at most 1000"
        )
        #expect(source.line(of: "limits.batch_window_ms") == 12)
        #expect(source.line(of: "admission.max_load_share") == 1)
    }
}
