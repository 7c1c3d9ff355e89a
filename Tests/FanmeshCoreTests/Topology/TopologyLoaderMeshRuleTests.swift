import FanmeshCore
import Testing

/// Names, addresses, links, origins, keys and ranges: what makes a well-formed file a valid mesh.
@Suite("Topology mesh rules")
struct TopologyLoaderMeshRuleTests {
    static let cases: [BrokenTopologyCase] = [
        .init(
            rule: "Two nodes with one id are reported at the second",
            edits: [("id: beta-1", "id: alpha-1")],
            lineMarker: "id: alpha-1\n        client: 127.0.0.1:7102",
            field: "regions[1].nodes[0].id",
            message: "node id 'alpha-1' is already used at line 13"
        ),
        .init(
            rule: "Two regions with one name are reported at the second",
            edits: [("  - name: beta", "  - name: alpha"), ("[alpha, beta]", "[alpha, alpha]")],
            lineMarker: "  - name: alpha\n    location: {lat: -10",
            field: "regions[1].name",
            message: "region 'alpha' is already defined at line 9",
            problemCount: 2
        ),
        .init(
            rule: "Two nodes on one client address are reported at the second",
            edits: [("client: 127.0.0.1:7102", "client: 127.0.0.1:7101")],
            lineMarker: "client: 127.0.0.1:7101\n        peer: 127.0.0.1:7202",
            field: "regions[1].nodes[0].client",
            message: "address 127.0.0.1:7101 is already used by regions[0].nodes[0].client at line 14"
        ),
        .init(
            rule: "A node's peer address may not be its own client address",
            edits: [("peer: 127.0.0.1:7201", "peer: 127.0.0.1:7101")],
            lineMarker: "peer: 127.0.0.1:7101",
            field: "regions[0].nodes[0].peer",
            message: "already used by regions[0].nodes[0].client"
        ),
        .init(
            rule: "The admin address may not be a node's address",
            edits: [("name: test\n", "name: test\nadmin: 127.0.0.1:7202\n")],
            lineMarker: "peer: 127.0.0.1:7202",
            field: "regions[1].nodes[0].peer",
            message: "address 127.0.0.1:7202 is already used by admin at line 2"
        ),
        .init(
            rule: "An address without a port does not parse",
            edits: [("client: 127.0.0.1:7101", "client: localhost")],
            lineMarker: "client: localhost",
            field: "regions[0].nodes[0].client",
            message: "must be host:port, [IPv6]:port or IPv4:port with a port from 1 to 65535, got 'localhost'"
        ),
        .init(
            rule: "Port 0 is not an address a topology may name",
            edits: [("peer: 127.0.0.1:7201", "peer: 127.0.0.1:0")],
            lineMarker: "127.0.0.1:0",
            field: "regions[0].nodes[0].peer",
            message: "got '127.0.0.1:0'"
        ),
        .init(
            rule: "A link naming an unknown region lists the regions there are",
            edits: [("[alpha, beta]", "[alpha, gamma]")],
            lineMarker: "between:",
            field: "links[0].between",
            message: "names unknown region 'gamma'; regions are alpha, beta"
        ),
        .init(
            rule: "A link listed twice is reported at the second, in either order",
            edits: [("jitter_ms: 2\n", "jitter_ms: 2\n  - between: [beta, alpha]\n    rtt_ms: 90\n")],
            lineMarker: "[beta, alpha]",
            field: "links[1].between",
            message: "the link between beta and alpha is already listed at line 26"
        ),
        .init(
            rule: "A link from a region to itself is reported",
            edits: [("[alpha, beta]", "[beta, beta]")],
            lineMarker: "between:",
            field: "links[0].between",
            message: "links region 'beta' to itself"
        ),
        .init(
            rule: "A negative round-trip time is reported",
            edits: [("rtt_ms: 100", "rtt_ms: -1")],
            lineMarker: "rtt_ms",
            field: "links[0].rtt_ms",
            message: "must be a number of milliseconds, 0 or more, got '-1'"
        ),
        .init(
            rule: "A negative jitter is reported",
            edits: [("jitter_ms: 2", "jitter_ms: -2.5")],
            lineMarker: "jitter_ms",
            field: "links[0].jitter_ms",
            message: "got '-2.5'"
        ),
        .init(
            rule: "A missing region file names the path looked for",
            edits: [("settings: alpha.yaml", "settings: missing/alpha.yaml")],
            lineMarker: "missing/alpha.yaml",
            field: "regions[0].settings",
            message: "region file not found: looked for /"
        ),
        .init(
            rule: "A capacity of zero is not a positive integer",
            edits: [("capacity: 100", "capacity: 0")],
            lineMarker: "capacity: 0",
            field: "regions[0].nodes[0].capacity",
            message: "must be a positive integer, got '0'"
        ),
        .init(
            rule: "A negative capacity is not a positive integer",
            edits: [("capacity: 100", "capacity: -5")],
            lineMarker: "capacity: -5",
            field: "regions[0].nodes[0].capacity",
            message: "must be a positive integer, got '-5'"
        ),
        .init(
            rule: "A fractional capacity is not a positive integer",
            edits: [("capacity: 100", "capacity: 1.5")],
            lineMarker: "capacity: 1.5",
            field: "regions[0].nodes[0].capacity",
            message: "must be a positive integer, got '1.5'"
        ),
        .init(
            rule: "A latitude beyond 90 degrees is out of range",
            edits: [("{lat: 10, lon: 20}", "{lat: 91, lon: 20}")],
            lineMarker: "lat: 91",
            field: "regions[0].location.lat",
            message: "must be a latitude from -90 to 90, got '91'"
        ),
        .init(
            rule: "A longitude beyond -180 degrees is out of range",
            edits: [("{lat: -10, lon: -20}", "{lat: -10, lon: -180.5}")],
            lineMarker: "-180.5",
            field: "regions[1].location.lon",
            message: "must be a longitude from -180 to 180, got '-180.5'"
        ),
        .init(
            rule: "An origin URL must be http or https",
            edits: [("url: http://127.0.0.1:7800", "url: ftp://127.0.0.1/demo")],
            lineMarker: "ftp://",
            field: "origins[0].url",
            message: "must be an http:// or https:// URL with a host, got 'ftp://127.0.0.1/demo'"
        ),
        .init(
            rule: "An origin URL must have a host",
            edits: [("url: http://127.0.0.1:7800", "url: not a url")],
            lineMarker: "not a url",
            field: "origins[0].url",
            message: "must be an http:// or https:// URL with a host"
        ),
        .init(
            rule: "Two origins may not serve one stream",
            edits: [
                (
                    "    streams: [demo]\n",
                    "    streams: [demo]\n  - name: second\n    url: http://127.0.0.1:7900\n    streams: [demo]\n"
                )
            ],
            lineMarker: "streams: [demo]\nregions",
            field: "origins[1].streams",
            message: "stream 'demo' is already served by origins[0]"
        ),
        .init(
            rule: "An HS256 key shorter than 32 bytes is reported without showing it",
            edits: [("\"0123456789abcdef0123456789abcdef\"", "\"short-secret\"")],
            lineMarker: "hs256_key",
            field: "auth.hs256_key",
            message: "must be at least 32 bytes, got 12"
        ),
        .init(
            rule: "A region with an empty node list is reported",
            edits: [
                (
                    "    nodes:\n      - id: beta-1\n        client: 127.0.0.1:7102\n        peer: 127.0.0.1:7202\n        capacity: 100\n",
                    "    nodes: []\n"
                )
            ],
            lineMarker: "nodes: []",
            field: "regions[1].nodes",
            message: "must list at least one node"
        ),
        .init(
            rule: "A topology with no regions is reported",
            edits: [
                ("regions:\n", "regions: []\nunused:\n"),
                ("links:\n  - between: [alpha, beta]\n    rtt_ms: 100\n    jitter_ms: 2\n", ""),
            ],
            lineMarker: "regions: []",
            field: "regions",
            message: "must list at least one region",
            problemCount: 2
        ),
        .init(
            rule: "A node id with a space is not a name",
            edits: [("id: alpha-1", "id: alpha 1")],
            lineMarker: "alpha 1",
            field: "regions[0].nodes[0].id",
            message: "must be 1 to 63 letters, digits, '-' or '_', starting with a letter or digit, got 'alpha 1'"
        ),
    ]

    @Test("A broken topology rule is reported at its file, line and field", arguments: cases)
    func brokenRule(_ broken: BrokenTopologyCase) throws {
        try broken.check()
    }
}
