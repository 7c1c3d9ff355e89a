internal import ArgumentParser
internal import FanmeshCore

@main
struct Fanmesh: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fanmesh",
        abstract: "Edge nodes for live fan events: chat over WebSocket, LL-HLS video, cross-region replication.",
        version: BuildInfo.version,
        subcommands: [
            NodeCommand.self, MeshCommand.self, TopologyCommand.self, TokenCommand.self, BenchCommand.self,
            WanCommand.self,
        ]
    )
}
