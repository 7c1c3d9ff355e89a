internal import FanmeshCore
internal import Foundation
package import Logging
package import NIOCore
internal import NIOHPACK
internal import NIOHTTP2
internal import NIOPosix
package import NIOSSL
package import ServiceLifecycle

/// The node's `peer` address: HTTP/2 only (h2c, or TLS with a client certificate from the mesh CA). Dialers open
/// replication streams here; `GET /healthz` answers for operators and probes.
package struct PeerListener: Service {
    package let host: String
    package let port: Int
    package let replicator: Replicator
    package let sslContext: NIOSSLContext?
    package let onListening: @Sendable (SocketAddress?) -> Void
    package let logger: Logger

    package init(
        host: String,
        port: Int,
        replicator: Replicator,
        sslContext: NIOSSLContext?,
        onListening: @escaping @Sendable (SocketAddress?) -> Void,
        logger: Logger
    ) {
        self.host = host
        self.port = port
        self.replicator = replicator
        self.sslContext = sslContext
        self.onListening = onListening
        self.logger = logger
    }

    private typealias Stream = (channel: PeerStreamChannel, headers: EventLoopFuture<HPACKHeaders>)
    private typealias Connection = (multiplexer: NIOHTTP2Handler.AsyncStreamMultiplexer<Stream>, peer: LinkPeer)

    package func run() async throws {
        let replicator = self.replicator
        let sslContext = self.sslContext
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: self.host, port: self.port) { channel -> EventLoopFuture<Connection> in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    let peer = LinkPeer { id, rtt in replicator.recordRTT(peer: id, rtt) }
                    let multiplexer = try channel.pipeline.syncOperations.configureAsyncHTTP2Pipeline(
                        mode: .server,
                        configuration: replicator.http2Configuration
                    ) { stream -> EventLoopFuture<Stream> in
                        stream.eventLoop.makeCompletedFuture {
                            let headers = stream.eventLoop.makePromise(of: HPACKHeaders.self)
                            try stream.pipeline.syncOperations.addHandler(StreamHeadersHandler(promise: headers))
                            let channel = try PeerStreamChannel(wrappingChannelSynchronously: stream)
                            return (channel, headers.futureResult)
                        }
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        PingHandler(interval: replicator.configuration.pingInterval, peer: peer)
                    )
                    return (multiplexer, peer)
                }
            }
        self.onListening(server.channel.localAddress)
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await self.serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
    }

    private func serve(_ connection: Connection) async {
        do {
            try await withThrowingDiscardingTaskGroup { group in
                for try await stream in connection.multiplexer.inbound {
                    group.addTask { await self.serve(stream, peer: connection.peer) }
                }
            }
        } catch {
            self.logger.debug("Peer connection ended", metadata: ["error": "\(error)"])
        }
    }

    private func serve(_ stream: Stream, peer link: LinkPeer) async {
        do {
            let headers = try await stream.headers.get()
            let path = headers.first(name: ":path") ?? ""
            let node = headers.first(name: PeerStreamKind.nodeHeader)
            try await stream.channel.executeThenClose { inbound, outbound in
                if path == "/healthz" || path == "/readyz" {
                    try await self.answerHealth(outbound: outbound)
                    return
                }
                guard let kind = PeerStreamKind(rawValue: path), let node,
                    self.replicator.peers.contains(where: { $0.id == node })
                else {
                    self.logger.notice(
                        "Peer stream refused",
                        metadata: ["repl.path": "\(path)", "repl.peer": "\(node ?? "?")"]
                    )
                    try await outbound.write(.headers(.init(headers: [":status": "403"], endStream: true)))
                    return
                }
                if self.sslContext != nil, let parent = stream.channel.channel.parent,
                    let problem = await PeerCertificate.problem(channel: parent, claimedNode: node)
                {
                    self.logger.notice("Peer refused", metadata: ["repl.peer": "\(node)", "reason": "\(problem)"])
                    try await outbound.write(.headers(.init(headers: [":status": "403"], endStream: true)))
                    return
                }
                link.identify(node)
                try await outbound.write(.headers(.init(headers: PeerStreamKind.okHeaders)))
                switch kind {
                case .pull:
                    try await SourceSession(peer: node, replicator: self.replicator).run(inbound: inbound, outbound: outbound)
                case .serve:
                    try await ReplicaSession(peer: node, replicator: self.replicator).run(inbound: inbound, outbound: outbound)
                }
            }
        } catch {
            self.logger.debug("Peer stream ended", metadata: ["error": "\(error)"])
        }
    }

    private func answerHealth(outbound: NIOAsyncChannelOutboundWriter<HTTP2Frame.FramePayload>) async throws {
        let body = #"{"status":"ok","node":"\#(self.replicator.nodeID)","region":"\#(self.replicator.region)"}"#
        try await outbound.write(.headers(.init(headers: [":status": "200", "content-type": "application/json"])))
        try await outbound.write(.data(.init(data: .byteBuffer(ByteBuffer(string: body)), endStream: true)))
    }
}
