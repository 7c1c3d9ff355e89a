/// Every problem found in a topology and its region files; ``TopologyLoader/load(file:)`` never
/// stops at the first.
///
/// The description is one problem per line, the topology file's first and each file's by line,
/// ready for `fanmesh topology check` to print.
package struct TopologyValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// At least one problem.
    package var problems: [TopologyProblem]

    package init(problems: [TopologyProblem]) {
        self.problems = problems
    }

    package var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
