/// One thing wrong with a topology or region file, described as `file:line: field: what is wrong`.
///
/// `field` is the dotted path of the value (`regions[0].nodes[1].capacity`, `limits.rate_messages`);
/// it is empty for problems with the file as a whole, such as invalid YAML, and then the description
/// is `file:line: what is wrong`.
package struct TopologyProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file as the user spelled it, or relative to the topology file as the user spelled that.
    package var file: String
    /// The 1-based line.
    package var line: Int
    /// The dotted path of the value, or empty.
    package var field: String
    /// What is wrong, and where it helps, what was found and what would be right.
    package var message: String

    package init(file: String, line: Int, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    package var description: String {
        field.isEmpty ? "\(file):\(line): \(message)" : "\(file):\(line): \(field): \(message)"
    }
}
