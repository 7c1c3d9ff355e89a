internal import ArgumentParser
internal import FanmeshCore
internal import FanmeshNode
internal import Logging
internal import Metrics
internal import Prometheus
internal import ServiceLifecycle
internal import UnixSignals

struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Run one edge node as the topology describes it.",
        discussion: "Stops cleanly on SIGTERM or SIGINT: listeners first, then the store."
    )

    @Option(help: "The topology file.")
    var topology: String = "topology/local.yaml"

    @Option(help: "The node's id in the topology, e.g. seoul-1.")
    var node: String

    @Option(name: .customLong("data-dir"), help: "Store the node's LMDB data here instead of <data_dir>/<node id>.")
    var dataDirectory: String?

    @Option(
        name: .customLong("dial-via"),
        help: "Reach peer PEER_ID at HOST:PORT instead of its peer address (PEER_ID=HOST:PORT; repeatable)."
    )
    var dialVia: [String] = []

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        let topology = try TopologyFile.load(self.topology)
        var configuration: EdgeNode.Configuration
        do {
            configuration = try EdgeNode.Configuration(
                topology: topology,
                nodeID: self.node,
                dataDirectory: self.dataDirectory
            )
            for entry in self.dialVia {
                let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, topology.node(id: parts[0]) != nil, let address = HostAndPort(parsing: parts[1])
                else {
                    throw NodeConfigurationError(
                        "--dial-via \(entry): expected PEER_ID=HOST:PORT with a node id of \(self.topology)"
                    )
                }
                configuration.dialOverrides[parts[0]] = address
            }
        } catch {
            printError("fanmesh node: \(error)")
            throw ExitCode(1)
        }
        let level = self.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        var logger = Logger(label: "fanmesh")
        logger[metadataKey: "node.id"] = "\(configuration.identity.nodeID)"
        logger[metadataKey: "region"] = "\(configuration.identity.region)"
        let metrics = NodeMetrics(
            registry: registry,
            nodeID: configuration.identity.nodeID,
            region: configuration.identity.region,
            capacity: configuration.capacity
        )
        let node = EdgeNode(configuration: configuration, metrics: metrics, logger: logger)
        let services: [any Service]
        do {
            services = try await node.makeServices()
        } catch {
            logger.critical("Node cannot start", metadata: ["error": "\(error)"])
            printError("fanmesh node \(self.node): \(error)")
            throw ExitCode(1)
        }
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
        logger.info("Node stopped")
    }
}
