/// What the loader learns about one file as it reads it: the line of every field, and every problem.
///
/// Readers share one report per file and add to it; nothing is thrown until the whole topology and
/// all its region files have been read.
final class FileReport {
    /// The file as the user spelled it.
    let file: String
    private(set) var problems: [TopologyProblem] = []
    private(set) var lines: [String: Int] = [:]

    init(file: String) {
        self.file = file
    }

    func add(_ field: String, line: Int, _ message: String) {
        problems.append(TopologyProblem(file: file, line: line, field: field, message: message))
    }

    func record(_ field: String, line: Int) {
        lines[field] = line
    }

    /// The problems in line order; problems on one line keep the order they were found in.
    var sortedProblems: [TopologyProblem] {
        problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }

    var source: SourceLines {
        SourceLines(file: file, lines: lines)
    }
}
