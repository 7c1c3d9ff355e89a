import FanmeshCore
import Foundation

/// A small valid mesh written to a fresh temporary folder: `topology.yaml` with regions alpha and
/// beta, and their region files `alpha.yaml` and `beta.yaml` beside it.
///
/// Tests break it with text edits, so each case shows the YAML it is about.
struct TopologyFixture {
    static let topology = """
        name: test
        auth:
          hs256_key: "0123456789abcdef0123456789abcdef"
        origins:
          - name: demo
            url: http://127.0.0.1:7800
            streams: [demo]
        regions:
          - name: alpha
            location: {lat: 10, lon: 20}
            settings: alpha.yaml
            nodes:
              - id: alpha-1
                client: 127.0.0.1:7101
                peer: 127.0.0.1:7201
                capacity: 100
          - name: beta
            location: {lat: -10, lon: -20}
            settings: beta.yaml
            nodes:
              - id: beta-1
                client: 127.0.0.1:7102
                peer: 127.0.0.1:7202
                capacity: 100
        links:
          - between: [alpha, beta]
            rtt_ms: 100
            jitter_ms: 2

        """

    static let region = """
        data_dir: data
        lmdb:
          sync: durable

        """

    /// The fixture's topology with each `(old, new)` applied once, first occurrence first.
    static func topology(_ edits: [(String, String)]) -> String {
        edits.reduce(topology) { text, edit in
            guard let range = text.range(of: edit.0) else { fatalError("fixture has no '\(edit.0)'") }
            return text.replacingCharacters(in: range, with: edit.1)
        }
    }

    /// Writes the files to a new temporary folder, runs `body` with the topology file's absolute
    /// path, and removes the folder.
    static func withFiles<Result>(
        topology: String = topology,
        alpha: String = region,
        beta: String = region,
        _ body: (_ topologyFile: String) throws -> Result
    ) throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fanmesh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try topology.write(to: folder.appendingPathComponent("topology.yaml"), atomically: true, encoding: .utf8)
        try alpha.write(to: folder.appendingPathComponent("alpha.yaml"), atomically: true, encoding: .utf8)
        try beta.write(to: folder.appendingPathComponent("beta.yaml"), atomically: true, encoding: .utf8)
        return try body(folder.appendingPathComponent("topology.yaml").path)
    }

    /// The problems loading `file` reports, or none when it loads.
    static func problems(loading file: String) -> [TopologyProblem] {
        do {
            _ = try TopologyLoader.load(file: file)
            return []
        } catch {
            return error.problems
        }
    }

    /// The 1-based line where `marker` first starts in `text`; a marker may span lines.
    static func line(of marker: String, in text: String) -> Int? {
        text.range(of: marker).map { range in text[..<range.lowerBound].filter { $0 == "\n" }.count + 1 }
    }
}
