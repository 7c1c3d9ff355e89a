internal import ArgumentParser

struct WanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wan",
        abstract: "Cut, restore and show the emulated WAN links of a running `fanmesh mesh up`.",
        discussion: """
            The commands talk to the admin address (`admin`) of the topology that `mesh up` runs; links are those \
            of its `links` list, named by their two regions in either order.
            """,
        subcommands: [WanPartitionCommand.self, WanHealCommand.self, WanStatusCommand.self]
    )
}

/// The options every `wan` subcommand takes.
struct WanOptions: ParsableArguments {
    @Option(help: "The topology `mesh up` runs.")
    var topology: String = "topology/local.yaml"
}
