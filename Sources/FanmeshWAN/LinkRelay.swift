package import FanmeshCore
package import Logging
package import NIOCore
internal import NIOPosix

/// A user-space TCP relay for one emulated link: listens on an ephemeral loopback port and forwards every
/// connection to ``target``, delaying each direction by half the link's RTT plus jitter (``LinkDelayHandler``),
/// and can be partitioned and healed (``StateMachine``).
///
/// "Forward" is dialer → acceptor (what connects to ``address`` → ``target``), "backward" the reverse. All
/// methods are safe to call from any thread.
package final class LinkRelay: Sendable {
    /// What a relay emulates and where it listens.
    package struct Configuration: Sendable {
        /// The round trip to emulate (`rtt_ms`); each direction is delayed by half. Default 0.
        package var rtt: Duration = .zero
        /// The most random delay added to each chunk in each direction (`jitter_ms`). Default 0.
        package var jitter: Duration = .zero
        /// Bytes in flight per direction and connection before the sender is no longer read. Default 4 MiB.
        package var maxInFlightBytes = LinkDelayHandler.Configuration().maxInFlightBytes
        /// The address the relay listens on, with a port the kernel picks. Default 127.0.0.1.
        package var listenHost = "127.0.0.1"

        package init() {}

        var handlerConfiguration: LinkDelayHandler.Configuration {
            var configuration = LinkDelayHandler.Configuration()
            configuration.oneWayDelay = self.rtt / 2
            configuration.jitter = self.jitter
            configuration.maxInFlightBytes = self.maxInFlightBytes
            return configuration
        }
    }

    /// A relay's state and traffic, for status.
    package struct Snapshot: Sendable, Equatable {
        package var state: StateMachine.State
        /// Connections open through the relay now.
        package var connections: Int
        /// Bytes delivered dialer → acceptor since the relay started.
        package var forwardBytes: Int
        /// Bytes delivered acceptor → dialer since the relay started.
        package var backwardBytes: Int
    }

    /// Where the relay listens: dial this instead of ``target``.
    package let address: HostAndPort
    /// Where the relay forwards to.
    package let target: HostAndPort
    private let serverChannel: any Channel
    private let connections: Connections
    private let logger: Logger

    private init(
        address: HostAndPort,
        target: HostAndPort,
        serverChannel: any Channel,
        connections: Connections,
        logger: Logger
    ) {
        self.address = address
        self.target = target
        self.serverChannel = serverChannel
        self.connections = connections
        self.logger = logger
    }

    /// Binds the relay's listener; it forwards from then on until ``close()``.
    ///
    /// - Throws: when the listener cannot be bound.
    package static func start(
        target: HostAndPort,
        configuration: Configuration = Configuration(),
        group: any EventLoopGroup,
        logger: Logger
    ) async throws -> LinkRelay {
        let connections = Connections()
        let handlerConfiguration = configuration.handlerConfiguration
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { inbound in
                Self.relay(
                    inbound,
                    to: target,
                    configuration: handlerConfiguration,
                    connections: connections,
                    logger: logger
                )
            }
            .bind(host: configuration.listenHost, port: 0)
            .get()
        let port = server.localAddress?.port ?? 0
        return LinkRelay(
            address: HostAndPort(host: configuration.listenHost, port: port),
            target: target,
            serverChannel: server,
            connections: connections,
            logger: logger
        )
    }

    package var snapshot: Snapshot {
        Snapshot(
            state: self.connections.machineState,
            connections: self.connections.count,
            forwardBytes: self.connections.toAcceptor.total,
            backwardBytes: self.connections.toDialer.total
        )
    }

    /// Cuts the link in `mode`; see ``PartitionMode``.
    package func partition(_ mode: PartitionMode) {
        self.connections.partition(mode)
    }

    /// Restores the link: stalled bytes continue in order, new connections are accepted again.
    package func heal() {
        self.connections.heal()
    }

    /// Stops listening and resets every connection.
    package func close() async {
        try? await self.serverChannel.close()
        self.connections.resetAll()
    }
}
