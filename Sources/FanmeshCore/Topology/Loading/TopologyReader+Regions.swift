internal import Yams

extension TopologyReader {
    /// The regions that read without a problem; every region's name, nodes and addresses are
    /// checked even when another part of it is wrong.
    func readRegions(_ file: MappingReader) -> [Region] {
        guard let items = file.list("regions", required: true) else { return [] }
        if items.isEmpty { file.problem("regions", "must list at least one region") }
        return items.compactMap { node, path in
            MappingReader(node, path: path, keys: ["name", "location", "settings", "nodes"], report: report)
                .flatMap(readRegion)
        }
    }

    private func readRegion(_ region: MappingReader) -> Region? {
        let name = region.name("name", required: true)
        if let name {
            if let first = regionNames.first(where: { $0.name == name }) {
                region.problem("name", "region '\(name)' is already defined at line \(first.line)")
            } else {
                regionNames.append((name, report.lines[region.field("name")] ?? region.line))
            }
        }
        let location = region.mapping("location", keys: ["lat", "lon"], required: true).flatMap(readLocation)
        let settingsFile = region.string("settings", required: true)
        let settings = settingsFile.flatMap { regionSettings($0, for: region) }
        let items = region.list("nodes", required: true) ?? []
        if items.isEmpty, region.value("nodes") != nil { region.problem("nodes", "must list at least one node") }
        let nodes = items.map { node, path in
            MappingReader(node, path: path, keys: ["id", "client", "peer", "capacity"], report: report)
                .flatMap { readNode($0, region: name ?? "") }
        }
        guard let name, let location, let settingsFile, let settings, !nodes.isEmpty, nodes.allSatisfy({ $0 != nil })
        else { return nil }
        return Region(
            name: name,
            location: location,
            settingsFile: FilePaths.resolve(settingsFile, against: directory),
            settings: settings,
            nodes: nodes.compactMap { $0 }
        )
    }

    private func readLocation(_ location: MappingReader) -> GeoLocation? {
        let latitudes = GeoLocation.latitudes
        let longitudes = GeoLocation.longitudes
        let latitude = location.number("lat", required: true, in: latitudes, expected: "a latitude from -90 to 90")
        let longitude = location.number("lon", required: true, in: longitudes, expected: "a longitude from -180 to 180")
        guard let latitude, let longitude else { return nil }
        return GeoLocation(latitude: latitude, longitude: longitude)
    }

    private func readNode(_ node: MappingReader, region: String) -> NodeSpec? {
        let id = node.name("id", required: true)
        if let id {
            if let line = nodeIDs[id] {
                node.problem("id", "node id '\(id)' is already used at line \(line)")
            } else {
                nodeIDs[id] = report.lines[node.field("id")] ?? node.line
            }
        }
        let client = node.address("client", required: true)
        if let client { use(client, as: node.field("client")) }
        let peer = node.address("peer", required: true)
        if let peer { use(peer, as: node.field("peer")) }
        let capacity = node.integer("capacity", required: true, minimum: 1)
        guard let id, let client, let peer, let capacity else { return nil }
        return NodeSpec(id: id, region: region, client: client, peer: peer, capacity: capacity)
    }
}
