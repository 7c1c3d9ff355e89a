internal import FanmeshCore
internal import Logging
internal import NIOCore
internal import NIOPosix

extension LinkRelay {
    /// Sets up a connection a dialer made to the relay, on its event loop: a delay handler on it, a connection
    /// to the target on the same loop with its own delay handler, each writing into the other's channel.
    static func relay(
        _ inbound: any Channel,
        to target: HostAndPort,
        configuration: LinkDelayHandler.Configuration,
        connections: Connections,
        logger: Logger
    ) -> EventLoopFuture<Void> {
        let loop = inbound.eventLoop
        let forward = LinkDelayHandler(
            configuration: configuration,
            deliveredBytes: connections.toAcceptor,
            logger: logger
        )
        let forwardHandler = NIOLoopBound(forward, eventLoop: loop)
        guard let (id, stalled) = connections.accepted(Connections.Side(channel: inbound, handler: forwardHandler))
        else {
            logger.debug("Relay refused a connection while partitioned")
            return loop.makeCompletedFuture { try inbound.pipeline.syncOperations.addHandler(ConnectionResetHandler()) }
        }
        if stalled { forward.stall() }
        inbound.closeFuture.whenComplete { _ in connections.closed(id: id) }
        do {
            try inbound.pipeline.syncOperations.addHandler(forward)
        } catch {
            return loop.makeFailedFuture(error)
        }
        ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { outbound in
                loop.makeCompletedFuture {
                    let backward = LinkDelayHandler(
                        configuration: configuration,
                        deliveredBytes: connections.toDialer,
                        logger: logger
                    )
                    let side = Connections.Side(channel: outbound, handler: NIOLoopBound(backward, eventLoop: loop))
                    guard let stalled = connections.connected(side, id: id) else {
                        outbound.close(promise: nil)
                        return
                    }
                    if stalled { backward.stall() }
                    outbound.closeFuture.whenComplete { _ in connections.closed(id: id) }
                    try outbound.pipeline.syncOperations.addHandler(backward)
                    backward.attach(sink: inbound)
                }
            }
            .connect(host: target.host, port: target.port)
            .whenComplete { result in
                switch result {
                case .success(let outbound):
                    logger.debug("Relayed connection opened")
                    forwardHandler.value.attach(sink: outbound)
                case .failure(let error):
                    logger.debug("Relay target unreachable", metadata: ["error": "\(error)"])
                    inbound.closeWithReset()
                }
            }
        return loop.makeSucceededVoidFuture()
    }
}
