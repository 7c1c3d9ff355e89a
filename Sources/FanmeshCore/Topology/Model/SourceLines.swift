/// Where each value of a loaded file came from: the file as the user spelled it, and the line of
/// every field read, keyed by its dotted path (`limits.rate_messages`, `regions[0].nodes[1].peer`).
///
/// Modules that reject a loaded value use it to point at the line, in the loader's format.
package struct SourceLines: Sendable, Equatable {
    /// The file as the user spelled it (or relative to the topology file as the user spelled that).
    package var file: String
    /// The 1-based line of each field read, keyed by dotted path.
    package var lines: [String: Int]

    package init(file: String, lines: [String: Int] = [:]) {
        self.file = file
        self.lines = lines
    }

    /// The line of `field`, or of its nearest enclosing field that was read, or 1.
    package func line(of field: String) -> Int {
        var path = Substring(field)
        while !path.isEmpty {
            if let line = lines[String(path)] { return line }
            guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            path = path[..<cut]
        }
        return 1
    }

    /// A problem with `field`, placed at its line: `file:line: field: message`.
    package func problem(at field: String, _ message: String) -> TopologyProblem {
        TopologyProblem(file: file, line: line(of: field), field: field, message: message)
    }
}
