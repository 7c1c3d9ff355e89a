/// Loads a topology file and the region files it names, and validates all of it.
///
/// ```swift
/// do {
///     let topology = try TopologyLoader.load(file: "topology/local.yaml")
/// } catch {
///     print(error)   // topology/local.yaml:23: regions[0].nodes[0].capacity: must be a positive integer, got '0'
/// }
/// ```
package enum TopologyLoader {
    /// The topology in `file`, with every region file it names read and every rule checked.
    ///
    /// Checks the shape of the files, not the machine: TLS certificates and ES256 key files are
    /// opened when a node starts, so a production topology validates anywhere.
    ///
    /// - Parameter file: The topology file, absolute or relative to the current directory. Problems
    ///   name it as given, and name region files relative to it the same way.
    /// - Throws: ``TopologyValidationError`` with every problem found in any of the files, the
    ///   topology file's first and each file's in line order.
    package static func load(file: String) throws(TopologyValidationError) -> Topology {
        let absolutePath = FilePaths.absolute(file)
        let report = FileReport(file: file)
        let reader = TopologyReader(
            report: report,
            directory: FilePaths.directory(of: absolutePath),
            displayDirectory: FilePaths.directory(of: file)
        )
        let topology = YAMLFile.read(absolutePath, into: report).flatMap { reader.read($0, sourceFile: absolutePath) }
        let problems = ([report] + reader.regionReports).flatMap(\.sortedProblems)
        guard problems.isEmpty, let topology else {
            let unexplained = TopologyProblem(file: file, line: 1, field: "", message: "the topology is incomplete")
            throw TopologyValidationError(problems: problems.isEmpty ? [unexplained] : problems)
        }
        return topology
    }
}
