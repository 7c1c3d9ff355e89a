package import FanmeshCore
package import Logging
package import NIOCore

/// The WAN of a one-machine mesh: one ``LinkRelay`` per node pair whose regions a topology `links` entry joins,
/// with partition, heal and status per region pair.
///
/// `fanmesh mesh up` starts it before the nodes and passes each dialer its ``dialOverrides(for:)``. A topology
/// without `links` gets no relays: every node dials its peers directly, as in production.
package final class WANEmulator: Sendable {
    /// A started relay and the node pair it serves.
    package struct Relay: Sendable {
        package var route: RelayRoute
        package var relay: LinkRelay
    }

    package let topology: Topology
    /// The relays in ``RelayRoute/routes(in:)`` order.
    package let relays: [Relay]
    private let logger: Logger

    private init(topology: Topology, relays: [Relay], logger: Logger) {
        self.topology = topology
        self.relays = relays
        self.logger = logger
    }

    /// Starts a relay for every route of `topology`.
    ///
    /// - Parameter maxInFlightBytes: per direction and connection; nil keeps ``LinkRelay/Configuration``'s default.
    /// - Throws: when a relay cannot listen; those already started are closed.
    package static func start(
        topology: Topology,
        maxInFlightBytes: Int? = nil,
        group: any EventLoopGroup,
        logger: Logger
    ) async throws -> WANEmulator {
        var relays: [Relay] = []
        for route in RelayRoute.routes(in: topology) {
            var configuration = LinkRelay.Configuration()
            configuration.rtt = route.link.rtt
            configuration.jitter = route.link.jitter
            if let maxInFlightBytes { configuration.maxInFlightBytes = maxInFlightBytes }
            var relayLogger = logger
            relayLogger[metadataKey: "wan.link"] = "\(route.link.first)-\(route.link.second)"
            relayLogger[metadataKey: "wan.relay"] = "\(route.dialer.id)->\(route.acceptor.id)"
            do {
                let relay = try await LinkRelay.start(
                    target: route.acceptor.peer,
                    configuration: configuration,
                    group: group,
                    logger: relayLogger
                )
                relays.append(Relay(route: route, relay: relay))
            } catch {
                for started in relays { await started.relay.close() }
                throw error
            }
        }
        return WANEmulator(topology: topology, relays: relays, logger: logger)
    }

    /// What `nodeID` must dial instead of each peer's `peer` address: acceptor id → relay address. Pass each as
    /// `fanmesh node … --dial-via ACCEPTOR=HOST:PORT`.
    package func dialOverrides(for nodeID: String) -> [String: HostAndPort] {
        var overrides: [String: HostAndPort] = [:]
        for relay in self.relays where relay.route.dialer.id == nodeID {
            overrides[relay.route.acceptor.id] = relay.relay.address
        }
        return overrides
    }

    /// Cuts the link between regions `a` and `b` (either order) in `mode`; returns its status after.
    package func partition(_ a: String, _ b: String, mode: PartitionMode) throws(WANError) -> LinkStatus {
        let link = try self.link(a, b)
        for relay in self.relays(of: link) { relay.relay.partition(mode) }
        self.logger.notice(
            "WAN link partitioned",
            metadata: ["wan.link": "\(link.first)-\(link.second)", "wan.mode": "\(mode.rawValue)"]
        )
        return self.status(of: link)
    }

    /// Restores the link between regions `a` and `b`; returns its status after.
    package func heal(_ a: String, _ b: String) throws(WANError) -> LinkStatus {
        let link = try self.link(a, b)
        for relay in self.relays(of: link) { relay.relay.heal() }
        self.logger.notice("WAN link healed", metadata: ["wan.link": "\(link.first)-\(link.second)"])
        return self.status(of: link)
    }

    /// Every emulated link, in the topology's `links` order.
    package func status() -> [LinkStatus] {
        self.topology.links.map { self.status(of: $0) }
    }

    /// Stops every relay and resets its connections.
    package func close() async {
        for relay in self.relays { await relay.relay.close() }
    }

    private func link(_ a: String, _ b: String) throws(WANError) -> Link {
        try self.topology.emulatedLink(a, b)
    }

    private func relays(of link: Link) -> [Relay] {
        self.relays.filter { link.connects($0.route.dialer.region, $0.route.acceptor.region) }
    }

    private func status(of link: Link) -> LinkStatus {
        var status = LinkStatus(
            a: link.first,
            b: link.second,
            rttMilliseconds: link.rtt.milliseconds,
            jitterMilliseconds: link.jitter.milliseconds,
            state: "up",
            mode: nil,
            connections: 0,
            bytesAToB: 0,
            bytesBToA: 0,
            relays: []
        )
        for relay in self.relays(of: link) {
            let snapshot = relay.relay.snapshot
            if case .partitioned(let mode) = snapshot.state {
                status.state = "partitioned"
                status.mode = mode
            }
            status.connections += snapshot.connections
            let forwardIsAToB = relay.route.dialer.region == link.first
            status.bytesAToB += forwardIsAToB ? snapshot.forwardBytes : snapshot.backwardBytes
            status.bytesBToA += forwardIsAToB ? snapshot.backwardBytes : snapshot.forwardBytes
            status.relays.append(
                LinkStatus.Relay(
                    dialer: relay.route.dialer.id,
                    acceptor: relay.route.acceptor.id,
                    listen: relay.relay.address.description,
                    target: relay.relay.target.description,
                    connections: snapshot.connections
                )
            )
        }
        return status
    }
}

extension Duration {
    /// The duration in (fractional) milliseconds, for status output.
    fileprivate var milliseconds: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
    }
}
