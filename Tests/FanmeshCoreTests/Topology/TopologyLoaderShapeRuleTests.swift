import FanmeshCore
import Testing

/// YAML syntax, unknown and missing keys, and values of the wrong kind.
@Suite("Topology file shape rules")
struct TopologyLoaderShapeRuleTests {
    static let cases: [BrokenTopologyCase] = [
        .init(
            rule: "Invalid YAML names the line the parser stopped at",
            edits: [("  - name: beta", "  - name: beta: oops")],
            lineMarker: "beta: oops",
            field: "",
            message: "invalid YAML: mapping values are not allowed"
        ),
        .init(
            rule: "A key given twice in one mapping is invalid YAML",
            edits: [("name: test\n", "name: test\nname: again\n")],
            lineMarker: "name: test",
            field: "",
            message: "key 'name' appears more than once"
        ),
        .init(
            rule: "An unknown top-level key is named, with the key it was probably meant to be",
            edits: [("name: test\n", "name: test\ndemoo: true\n")],
            lineMarker: "demoo",
            field: "demoo",
            message: "unknown key 'demoo'; did you mean 'demo'?"
        ),
        .init(
            rule: "An unknown key in a node is named by its path",
            edits: [("    capacity: 100\n", "    capacity: 100\n        capacty: 5\n")],
            lineMarker: "capacty",
            field: "regions[0].nodes[0].capacty",
            message: "did you mean 'capacity'?"
        ),
        .init(
            rule: "An unknown key far from every known key gets no suggestion",
            edits: [("name: test\n", "name: test\ncolour: blue\n")],
            lineMarker: "colour",
            field: "colour",
            message: "unknown key 'colour'"
        ),
        .init(
            rule: "A missing required key is reported at the mapping that lacks it",
            edits: [("        peer: 127.0.0.1:7201\n", "")],
            lineMarker: "id: alpha-1",
            field: "regions[0].nodes[0].peer",
            message: "is required"
        ),
        .init(
            rule: "A missing mesh name is reported at the top of the file",
            edits: [("name: test\n", "")],
            lineMarker: "auth:",
            field: "name",
            message: "is required"
        ),
        .init(
            rule: "A missing auth mapping is reported",
            edits: [("auth:\n  hs256_key: \"0123456789abcdef0123456789abcdef\"\n", "")],
            lineMarker: "name: test",
            field: "auth",
            message: "is required"
        ),
        .init(
            rule: "A required key with no value says it needs one",
            edits: [("client: 127.0.0.1:7101", "client:")],
            lineMarker: "client:",
            field: "regions[0].nodes[0].client",
            message: "needs a value"
        ),
        .init(
            rule: "A list where a mapping belongs is the wrong type",
            edits: [("{lat: 10, lon: 20}", "[10, 20]")],
            lineMarker: "[10, 20]",
            field: "regions[0].location",
            message: "must be a mapping of keys to values, got a list"
        ),
        .init(
            rule: "Text where a list belongs is the wrong type",
            edits: [
                ("  - name: demo\n    url: http://127.0.0.1:7800\n    streams: [demo]\n", ""),
                ("origins:", "origins: demo"),
            ],
            lineMarker: "origins: demo",
            field: "origins",
            message: "must be a list, got 'demo'"
        ),
        .init(
            rule: "demo must be true or false",
            edits: [("name: test\n", "name: test\ndemo: maybe\n")],
            lineMarker: "demo: maybe",
            field: "demo",
            message: "must be true or false, got 'maybe'"
        ),
        .init(
            rule: "A link names exactly two regions",
            edits: [("[alpha, beta]", "[alpha]")],
            lineMarker: "between:",
            field: "links[0].between",
            message: "must name two regions"
        ),
        .init(
            rule: "A link without a round-trip time is reported",
            edits: [("    rtt_ms: 100\n", "")],
            lineMarker: "between:",
            field: "links[0].rtt_ms",
            message: "is required"
        ),
        .init(
            rule: "A region without a region file is reported",
            edits: [("    settings: alpha.yaml\n", "")],
            lineMarker: "name: alpha",
            field: "regions[0].settings",
            message: "is required"
        ),
        .init(
            rule: "A quoted capacity is text, not a number",
            edits: [("capacity: 100", "capacity: \"100\"")],
            lineMarker: "capacity: \"100\"",
            field: "regions[0].nodes[0].capacity",
            message: "must be a positive integer, got '100' in quotes, which makes it text"
        ),
        .init(
            rule: "TLS without a certificate folder is reported",
            edits: [("origins:\n", "tls:\n  ca: ca.pem\norigins:\n")],
            lineMarker: "tls:",
            field: "tls.cert_dir",
            message: "is required"
        ),
    ]

    @Test("A broken topology rule is reported at its file, line and field", arguments: cases)
    func brokenRule(_ broken: BrokenTopologyCase) throws {
        try broken.check()
    }
}
