import FanmeshCore

/// Topologies built in code for the emulator's tests.
enum TopologyFixture {
    /// Regions named by `nodes` (region → node ids), every node on loopback with `peerPort` of its index.
    static func topology(
        _ nodes: KeyValuePairs<String, [String]>,
        links: [Link] = [],
        peerPorts: [String: Int] = [:]
    ) -> Topology {
        var port = 9_000
        let regions = nodes.map { region, ids in
            Region(
                name: region,
                location: GeoLocation(latitude: 0, longitude: 0),
                settingsFile: "/dev/null",
                nodes: ids.map { id in
                    port += 1
                    return NodeSpec(
                        id: id,
                        region: region,
                        client: HostAndPort(host: "127.0.0.1", port: port),
                        peer: HostAndPort(host: "127.0.0.1", port: peerPorts[id] ?? port + 1_000),
                        capacity: 100
                    )
                }
            )
        }
        return Topology(
            name: "test",
            sourceFile: "/dev/null",
            auth: AuthSettings(hs256Key: String(repeating: "k", count: 32)),
            regions: regions,
            links: links
        )
    }
}
