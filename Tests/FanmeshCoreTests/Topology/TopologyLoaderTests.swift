import FanmeshCore
import Foundation
import Testing

@Suite("Topology loader")
struct TopologyLoaderTests {
    @Test("A valid topology loads with absolute paths and every value in place")
    func loadsFixture() throws {
        let topology = try TopologyFixture.withFiles { file in
            let topology = try TopologyLoader.load(file: file)
            let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
            #expect(topology.sourceFile == file)
            #expect(topology.regions.map(\.settingsFile) == [folder + "/alpha.yaml", folder + "/beta.yaml"])
            #expect(topology.regions[0].settings.dataDirectory == folder + "/data")
            return topology
        }
        #expect(topology.name == "test")
        #expect(topology.demo == false)
        #expect(topology.admin == nil)
        #expect(topology.tls == nil)
        #expect(topology.auth == AuthSettings(hs256Key: "0123456789abcdef0123456789abcdef"))
        #expect(topology.origins == [Origin(name: "demo", url: "http://127.0.0.1:7800", streams: ["demo"])])
        #expect(
            topology.regions.map(\.location) == [
                GeoLocation(latitude: 10, longitude: 20), GeoLocation(latitude: -10, longitude: -20),
            ]
        )
        #expect(
            topology.nodes == [
                NodeSpec(
                    id: "alpha-1",
                    region: "alpha",
                    client: HostAndPort(host: "127.0.0.1", port: 7101),
                    peer: HostAndPort(host: "127.0.0.1", port: 7201),
                    capacity: 100
                ),
                NodeSpec(
                    id: "beta-1",
                    region: "beta",
                    client: HostAndPort(host: "127.0.0.1", port: 7102),
                    peer: HostAndPort(host: "127.0.0.1", port: 7202),
                    capacity: 100
                ),
            ]
        )
        #expect(
            topology.links == [Link(between: "alpha", and: "beta", rtt: .milliseconds(100), jitter: .milliseconds(2))]
        )
        #expect(topology.source.line(of: "regions[1].nodes[0].capacity") == 24)
        #expect(topology.regions[0].settings.source.line(of: "lmdb.sync") == 3)
    }

    @Test("Paths named in the topology resolve against its folder, not the current one")
    func resolvesPaths() throws {
        let yaml = TopologyFixture.topology([
            ("origins:\n", "tls:\n  ca: certs/../ca.pem\n  cert_dir: certs\norigins:\n"),
            ("  hs256_key", "  es256_public_keys: [keys/issuer.pem]\n  hs256_key"),
        ])
        try TopologyFixture.withFiles(topology: yaml) { file in
            let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
            let topology = try TopologyLoader.load(file: file)
            #expect(topology.tls == TLSSettings(caFile: folder + "/ca.pem", certDirectory: folder + "/certs"))
            #expect(topology.tls?.certificateFile(forNode: "alpha-1") == folder + "/certs/alpha-1.pem")
            #expect(topology.auth.es256PublicKeyFiles == [folder + "/keys/issuer.pem"])
        }
    }

    @Test("Every problem in the topology and its region files is reported at once, file by file, in line order")
    func reportsEveryProblem() throws {
        let yaml = TopologyFixture.topology([
            ("capacity: 100", "capacity: 0"),
            ("name: test\n", "name: test\ndemoo: true\n"),
            ("client: 127.0.0.1:7102", "client: 127.0.0.1:7101"),
            ("[alpha, beta]", "[alpha, mars]"),
            ("rtt_ms: 100", "rtt_ms: -4"),
        ])
        let alpha = "lmdb:\n  sync: fast\ncache:\n  disk: lots\n"
        try TopologyFixture.withFiles(topology: yaml, alpha: alpha) { file in
            let regionFile = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("alpha.yaml")
                .path
            let error = try #require(throws: TopologyValidationError.self) { try TopologyLoader.load(file: file) }
            let places = error.problems.map { problem in
                let file = problem.file == file ? "topology" : problem.file == regionFile ? "alpha" : problem.file
                return "\(file):\(problem.line): \(problem.field)"
            }
            #expect(
                places == [
                    "topology:2: demoo",
                    "topology:17: regions[0].nodes[0].capacity",
                    "topology:23: regions[1].nodes[0].client",
                    "topology:27: links[0].between",
                    "topology:28: links[0].rtt_ms",
                    "alpha:2: lmdb.sync",
                    "alpha:4: cache.disk",
                ]
            )
            #expect(error.description == error.problems.map(\.description).joined(separator: "\n"))
        }
    }

    @Test("Problems name the files as the user spelled the topology's path")
    func relativePaths() throws {
        let yaml = TopologyFixture.topology([("capacity: 100", "capacity: none")])
        try TopologyFixture.withFiles(topology: yaml, alpha: "lmdb:\n  sync: sometimes\n") { file in
            let relative = Self.relativePath(to: file)
            let folder = String(relative.dropLast("topology.yaml".count))
            let problems = TopologyFixture.problems(loading: relative)
            #expect(problems.map(\.file) == [relative, folder + "alpha.yaml"])
            #expect(
                problems.first?.description
                    == "\(relative):16: regions[0].nodes[0].capacity: must be a positive integer, got 'none'"
            )
        }
    }

    @Test("A topology file that does not exist is one problem naming the path looked for")
    func missingTopology() throws {
        let problems = TopologyFixture.problems(loading: "/nonexistent/fanmesh/topology.yaml")
        #expect(
            problems == [
                TopologyProblem(
                    file: "/nonexistent/fanmesh/topology.yaml",
                    line: 1,
                    field: "",
                    message: "file does not exist (looked for /nonexistent/fanmesh/topology.yaml)"
                )
            ]
        )
    }

    @Test("An empty topology file is a problem")
    func emptyTopology() throws {
        let problems = try TopologyFixture.withFiles(topology: "# only a comment\n") {
            TopologyFixture.problems(loading: $0)
        }
        #expect(problems.map(\.message) == ["the file is empty"])
    }

    @Test("TLS and key files are not required to exist when a topology loads")
    func certificatesNotOpened() throws {
        let yaml = TopologyFixture.topology([
            ("origins:\n", "tls:\n  ca: nowhere/ca.pem\n  cert_dir: nowhere\norigins:\n")
        ])
        let topology = try TopologyFixture.withFiles(topology: yaml) { try TopologyLoader.load(file: $0) }
        #expect(topology.tls != nil)
    }

    @Test("Printing a topology does not show the HS256 key")
    func keyIsRedacted() throws {
        let topology = try TopologyFixture.withFiles { try TopologyLoader.load(file: $0) }
        #expect(!String(describing: topology).contains("0123456789abcdef"))
        #expect(String(describing: topology.auth).contains("<32 bytes>"))
    }

    /// `path` relative to the current directory, climbing with `..` as far as needed.
    private static func relativePath(to path: String) -> String {
        let here = FileManager.default.currentDirectoryPath.split(separator: "/")
        let there = path.split(separator: "/")
        let shared = zip(here, there).prefix { $0 == $1 }.count
        let climb = Array(repeating: "..", count: here.count - shared)
        return (climb + there.dropFirst(shared).map(String.init)).joined(separator: "/")
    }
}
