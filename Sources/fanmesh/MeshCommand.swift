internal import ArgumentParser
internal import FanmeshCore
internal import Logging
internal import ServiceLifecycle
internal import UnixSignals

struct MeshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mesh",
        abstract: "Run a whole topology on this machine.",
        subcommands: [MeshUpCommand.self]
    )
}

struct MeshUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start every node of a topology as a child process and wait until all are ready.",
        discussion: """
            Each line a node logs is printed with its node id in front. Ctrl-C or SIGTERM stops every node and \
            exits 0; a node that dies on its own is reported with its exit status and the mesh exits 1.
            """
    )

    @Argument(help: "The topology file (default topology/local.yaml).")
    var file: String?

    @Option(help: "The topology file; the same as the argument.")
    var topology: String?

    @Option(
        name: .customLong("data-root"),
        help: "Keep every node's data in <data-root>/<node id> instead of its region's data_dir."
    )
    var dataRoot: String?

    @Option(help: "Log level passed to every node.")
    var logLevel: Logger.Level = .info

    @Option(help: "Seconds to wait for every node's /readyz before giving up.")
    var readyTimeout: Int = 60

    @Option(help: "Seconds a node may take to stop after SIGTERM before it is killed.")
    var stopTimeout: Int = 10

    func validate() throws {
        if self.file != nil, self.topology != nil {
            throw ValidationError("Give the topology once: as an argument or with --topology.")
        }
    }

    func run() async throws {
        let path = self.file ?? self.topology ?? "topology/local.yaml"
        let topology = try TopologyFile.load(path)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .notice
            return handler
        }
        let supervisor = MeshSupervisor(
            topology: topology,
            configuration: .init(
                logLevel: self.logLevel.rawValue,
                dataRoot: self.dataRoot,
                readyTimeout: .seconds(self.readyTimeout),
                stopTimeout: .seconds(self.stopTimeout)
            )
        )
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: supervisor)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: Logger(label: "fanmesh.mesh")
            )
        )
        do {
            try await group.run()
        } catch let failure as MeshSupervisor.Failure {
            printError("mesh: \(failure.description)")
            throw ExitCode(1)
        }
    }
}
