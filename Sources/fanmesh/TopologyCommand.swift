internal import ArgumentParser
internal import FanmeshCore

struct TopologyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology",
        abstract: "Work with topology files.",
        subcommands: [TopologyCheckCommand.self]
    )
}

struct TopologyCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a topology and the region files it names.",
        discussion: "Exits 0 when valid; otherwise prints every problem as `file:line: field: what is wrong` and exits 1."
    )

    @Argument(help: "The topology file, e.g. topology/local.yaml.")
    var file: String

    func run() async throws {
        let topology = try TopologyFile.load(self.file)
        print(
            "\(self.file): ok — \(topology.regions.count) regions, \(topology.nodes.count) nodes, "
                + "\(topology.links.count) links"
        )
    }
}
