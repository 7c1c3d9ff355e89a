import FanmeshCore
import Testing

/// One rule of the topology file format, broken on purpose, and the problem the loader must report.
struct BrokenTopologyCase: Sendable, CustomTestStringConvertible {
    /// The rule, in words; the test's name in reports.
    var rule: String
    /// Text edits to ``TopologyFixture/topology``, each `(old, new)` applied once.
    var edits: [(String, String)]
    /// The line of the problem: the first line of the edited file containing this text.
    var lineMarker: String
    var field: String
    /// Text the problem's message must contain.
    var message: String
    /// How many problems the file has in all; more than one when a mistake also breaks what refers to it.
    var problemCount = 1

    var testDescription: String { rule }
}

/// One rule of the region file format, broken on purpose in `alpha.yaml`.
struct BrokenRegionCase: Sendable, CustomTestStringConvertible {
    var rule: String
    /// The whole of `alpha.yaml`.
    var yaml: String
    var line: Int
    var field: String
    var message: String

    var testDescription: String { rule }
}

extension BrokenTopologyCase {
    /// Loads the fixture with this case's edits and checks the problem's file, line, field and message,
    /// and that the file has no problems but the expected ones.
    func check() throws {
        let yaml = TopologyFixture.topology(edits)
        try TopologyFixture.withFiles(topology: yaml) { file in
            let problems = TopologyFixture.problems(loading: file)
            #expect(problems.count == problemCount, "\(problems)")
            let problem = try #require(problems.first { $0.field == field }, "\(problems)")
            #expect(problem.file == file)
            #expect(problem.line == TopologyFixture.line(of: lineMarker, in: yaml))
            #expect(problem.message.contains(message), "\(problem.message)")
            let place = field.isEmpty ? "\(file):\(problem.line):" : "\(file):\(problem.line): \(field):"
            #expect(problem.description == "\(place) \(problem.message)")
        }
    }
}
