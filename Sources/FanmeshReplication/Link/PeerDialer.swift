internal import FanmeshCore
internal import Logging
internal import NIOCore
internal import NIOHPACK
internal import NIOHTTP2
internal import NIOPosix
internal import NIOSSL
internal import ServiceLifecycle

/// Keeps the one connection to a peer this node dials (the pair's node whose id sorts first dials): connects,
/// opens the pull and serve streams, and on any failure reconnects after a jittered, growing backoff.
struct PeerDialer: Service {
    let peer: Replicator.Peer
    let replicator: Replicator
    let sslContext: NIOSSLContext?
    let logger: Logger

    private typealias Multiplexer = NIOHTTP2Handler.AsyncStreamMultiplexer<PeerStreamChannel>
    private typealias Connection = (multiplexer: Multiplexer, channel: any Channel)

    func run() async throws {
        let backoff = self.replicator.configuration.reconnectBackoff
        var delay = backoff.lowerBound
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let started = ContinuousClock.now
            do {
                try await cancelWhenGracefulShutdown { try await self.connectAndReplicate() }
            } catch {
                self.logger.debug("Peer connection failed", metadata: ["repl.peer": "\(self.peer.id)", "error": "\(error)"])
            }
            // A connection that lasted resets the backoff; quick failures back off further.
            delay = ContinuousClock.now - started > .seconds(10) ? backoff.lowerBound : min(backoff.upperBound, delay * 2)
            let jittered = delay * Double.random(in: 0.5...1.0)
            try? await Task.sleep(for: jittered)
        }
    }

    private func connectAndReplicate() async throws {
        let replicator = self.replicator
        let sslContext = self.sslContext
        let link = LinkPeer { id, rtt in replicator.recordRTT(peer: id, rtt) }
        link.identify(self.peer.id)
        let (multiplexer, connection) = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(5))
            .connect(host: self.peer.dialHost, port: self.peer.dialPort) { channel -> EventLoopFuture<Connection> in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: nil))
                    }
                    let multiplexer = try channel.pipeline.syncOperations.configureAsyncHTTP2Pipeline(
                        mode: .client,
                        configuration: replicator.http2Configuration
                    ) { stream in
                        stream.eventLoop.makeCompletedFuture { try PeerStreamChannel(wrappingChannelSynchronously: stream) }
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        PingHandler(interval: replicator.configuration.pingInterval, peer: link)
                    )
                    return (multiplexer, channel)
                }
            }
        if sslContext != nil, let problem = await PeerCertificate.problem(channel: connection, claimedNode: self.peer.id) {
            connection.close(promise: nil)
            throw PeerRefusal(description: "\(self.peer.id)'s \(problem)")
        }
        let authority = "\(self.peer.dialHost):\(self.peer.dialPort)"
        try await withThrowingTaskGroup(of: Void.self) { group in
            for kind in [PeerStreamKind.pull, .serve] {
                let stream = try await multiplexer.openStream { channel in
                    channel.eventLoop.makeCompletedFuture { try PeerStreamChannel(wrappingChannelSynchronously: channel) }
                }
                group.addTask {
                    try await stream.executeThenClose { inbound, outbound in
                        try await outbound.write(
                            .headers(.init(headers: kind.requestHeaders(from: replicator.nodeID, authority: authority)))
                        )
                        switch kind {
                        case .pull:
                            try await ReplicaSession(peer: self.peer.id, replicator: replicator).run(inbound: inbound, outbound: outbound)
                        case .serve:
                            try await SourceSession(peer: self.peer.id, replicator: replicator).run(inbound: inbound, outbound: outbound)
                        }
                    }
                }
            }
            // When either stream ends, drop the connection; the loop above dials again.
            try await group.next()
            group.cancelAll()
        }
    }
}

/// A peer that is not who the topology says it is.
struct PeerRefusal: Error, CustomStringConvertible {
    var description: String
}
