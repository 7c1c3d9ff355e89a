/// A mesh as a topology file describes it: its regions and their nodes, the emulated WAN links
/// between regions, the origins that publish streams, and the keys that secure it.
///
/// ``TopologyLoader/load(file:)`` builds one from `topology/*.yaml` and validates all of it; a value
/// built in code is not validated. Paths in it are absolute.
package struct Topology: Sendable, Equatable {
    /// The mesh's name (`name`).
    package var name: String
    /// The absolute path of the file this topology was loaded from.
    package var sourceFile: String
    /// Whether nodes may mint demo tokens for the demo page (`demo`, default false).
    package var demo: Bool
    /// The control address of `fanmesh mesh up`'s WAN emulator (`admin`), if any.
    package var admin: HostAndPort?
    /// The keys that sign and verify client tokens (`auth`).
    package var auth: AuthSettings
    /// Mutual TLS between peers (`tls`); nil means plaintext (h2c), as on a loopback mesh.
    package var tls: TLSSettings?
    /// The origin packagers and the streams each serves (`origins`).
    package var origins: [Origin]
    /// The regions in file order (`regions`).
    package var regions: [Region]
    /// Emulated WAN links for one-machine meshes (`links`); empty for a real deployment.
    package var links: [Link]
    /// The line of every field read from the file, keyed like `regions[0].nodes[1].capacity`.
    package var source: SourceLines

    package init(
        name: String,
        sourceFile: String,
        demo: Bool = false,
        admin: HostAndPort? = nil,
        auth: AuthSettings,
        tls: TLSSettings? = nil,
        origins: [Origin] = [],
        regions: [Region],
        links: [Link] = [],
        source: SourceLines? = nil
    ) {
        self.name = name
        self.sourceFile = sourceFile
        self.demo = demo
        self.admin = admin
        self.auth = auth
        self.tls = tls
        self.origins = origins
        self.regions = regions
        self.links = links
        self.source = source ?? SourceLines(file: sourceFile)
    }

    /// Every node of the mesh, region by region, in file order.
    package var nodes: [NodeSpec] {
        regions.flatMap(\.nodes)
    }

    package func node(id: String) -> NodeSpec? {
        nodes.first { $0.id == id }
    }

    package func region(named name: String) -> Region? {
        regions.first { $0.name == name }
    }

    /// The emulated link between two regions, named in either order.
    package func link(between region: String, and otherRegion: String) -> Link? {
        links.first { $0.connects(region, otherRegion) }
    }

    /// The origin whose `streams` list `stream`.
    package func origin(serving stream: String) -> Origin? {
        origins.first { $0.streams.contains(stream) }
    }
}
