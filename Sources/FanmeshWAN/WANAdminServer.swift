package import FanmeshCore
package import Logging
package import NIOCore
internal import NIOHTTP1
internal import NIOPosix

/// The admin HTTP server of `fanmesh mesh up` on the topology's `admin` address: ``WANAdminAPI`` over HTTP/1.1.
///
/// It has no authentication yet (the security work adds an admin token); keep `admin` on loopback.
package final class WANAdminServer: Sendable {
    /// The bound address (its port is the one asked for, or the kernel's pick for 0).
    package let address: HostAndPort
    private let channel: any Channel

    private init(address: HostAndPort, channel: any Channel) {
        self.address = address
        self.channel = channel
    }

    /// Listens on `address` and serves `emulator`.
    ///
    /// - Throws: when the address cannot be bound (in use, or not local).
    package static func start(
        address: HostAndPort,
        emulator: WANEmulator,
        group: any EventLoopGroup,
        logger: Logger
    ) async throws -> WANAdminServer {
        let api = WANAdminAPI(emulator: emulator)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(WANAdminHTTPHandler(api: api))
                }
            }
            .bind(host: address.host, port: address.port)
            .get()
        let bound = HostAndPort(host: address.host, port: channel.localAddress?.port ?? address.port)
        logger.info("WAN admin listening", metadata: ["wan.admin": "\(bound)"])
        return WANAdminServer(address: bound, channel: channel)
    }

    package func close() async {
        try? await self.channel.close()
    }
}
