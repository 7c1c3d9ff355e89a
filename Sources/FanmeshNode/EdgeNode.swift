internal import FanmeshChat
internal import FanmeshReplication
internal import FanmeshCore
internal import FanmeshStore
internal import Hummingbird
internal import HummingbirdCore
internal import HummingbirdHTTP2
package import Logging
internal import NIOCore
internal import NIOPosix
internal import NIOSSL
package import ServiceLifecycle

/// One edge node: its store, its `client` listener (fans: HTTP/1.1, WebSocket, HTTP/2) and its `peer` listener
/// (replication over HTTP/2), run as services of one `ServiceGroup`.
///
/// The caller owns the `ServiceGroup` and its signals; ``makeServices()`` returns the services in start order, so a
/// graceful shutdown stops the listeners first and closes the store last.
package struct EdgeNode: Sendable {
    package let configuration: Configuration
    package let readiness: Readiness
    package let metrics: NodeMetrics
    let logger: Logger

    package init(configuration: Configuration, metrics: NodeMetrics, logger: Logger) {
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.readiness = Readiness(expected: [Check.store, Check.clientListener, Check.peerListener])
    }

    /// Opens the store, loads the token keys, and builds the node's services.
    ///
    /// - Throws: `StoreError` when the data directory cannot be opened, or an error naming the TLS or key file at
    ///   fault.
    package func makeServices() async throws -> [any Service] {
        let store = try LMDBEnvironment(configuration: self.configuration.store)
        let threadPool = NIOThreadPool(numberOfThreads: 2)
        threadPool.start()
        let eventLoopGroup = MultiThreadedEventLoopGroup.singleton
        let chatMetrics = ChatMetrics()
        let log = try ChatLog(
            store: store,
            nodeID: self.configuration.identity.nodeID,
            region: self.configuration.identity.region,
            configuration: self.configuration.chat,
            metrics: chatMetrics,
            logger: self.logger
        )
        let hub = ChatHub(
            configuration: self.configuration.chat,
            log: log,
            eventLoopGroup: eventLoopGroup,
            threadPool: threadPool,
            metrics: chatMetrics,
            logger: self.logger
        )
        let gate = ChatGate(hub: hub, authenticator: try await self.configuration.makeAuthenticator())
        let replicator = self.makeReplicator(log: log, hub: hub)
        hub.remotePresence { replicator.remoteRoomCounts() }
        let peerTLS = try self.configuration.tls.map { try self.peerSSLContexts(files: $0) }
        self.readiness.pass(Check.store)
        self.metrics.readStoreFigures {
            guard let info = try? store.info() else { return nil }
            return NodeMetrics.StoreFigures(mapSizeBytes: info.mapSizeBytes, usedBytes: info.usedBytes)
        }
        self.logger.info(
            "Store opened",
            metadata: ["store.path": "\(self.configuration.store.path)", "store.sync": "\(self.configuration.store.sync)"]
        )
        return [
            StoreService(store: store, threadPool: threadPool, logger: self.logger),
            PresenceService(hub: hub),
            CompactionService(log: log, logger: self.logger),
            try self.makeClientListener(gate: gate),
            PeerListener(
                host: self.configuration.peerHost,
                port: self.configuration.peerPort,
                replicator: replicator,
                sslContext: peerTLS?.server,
                onListening: { address in
                    self.readiness.pass(Check.peerListener)
                    self.logger.info(
                        "Listening",
                        metadata: ["listener": "\(Check.peerListener)", "address": "\(address.map { "\($0)" } ?? "?")"]
                    )
                },
                logger: self.logger
            ),
        ] + replicator.services(sslContext: peerTLS?.client)
    }

    private func makeClientListener(gate: ChatGate) throws -> any Service {
        let router = Router(context: NodeRequestContext.self)
        router.addHealthRoutes(identity: self.configuration.identity, readiness: self.readiness, metrics: self.metrics)
        router.addChatRoutes(hub: gate.hub, gate: gate)
        let tls = try self.configuration.tls.map { try self.serverTLS(files: $0, requirePeerCertificate: false) }
        let logger = self.logger
        let server = HTTPServerBuilder { responder in
            try ClientPortChannel(
                http1: ChatUpgradeChannel(responder: responder, configuration: .init(), gate: gate, logger: logger),
                http2: HTTP2Channel(responder: responder),
                tlsConfiguration: tls
            )
        }
        return Application(
            router: router,
            server: server,
            configuration: .init(
                address: .hostname(self.configuration.clientHost, port: self.configuration.clientPort),
                serverName: "fanmesh/\(self.configuration.identity.nodeID)",
                // Show start is a burst of connects: a short accept queue turns it into retransmits.
                backlog: 4_096
            ),
            onServerRunning: { channel in
                self.listening(Check.clientListener, on: channel)
            },
            logger: self.logger
        )
    }

    private func listening(_ check: String, on channel: any Channel) {
        self.readiness.pass(check)
        self.logger.info(
            "Listening",
            metadata: ["listener": "\(check)", "address": "\(channel.localAddress.map { "\($0)" } ?? "?")"]
        )
    }

    /// TLS 1.3 with the node's certificate; peers must also present a certificate signed by the mesh CA.
    func serverTLS(files: NodeTLSFiles, requirePeerCertificate: Bool) throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(files.certificateChainFile)
        } catch {
            throw NodeConfigurationError(
                "\(files.certificateChainFile): cannot read the node's PEM certificate (\(error)); "
                    + "create it with `fanmesh certs init` or fix tls.cert_dir in the topology"
            )
        }
        do {
            key = try NIOSSLPrivateKey(file: files.privateKeyFile, format: .pem)
        } catch {
            throw NodeConfigurationError(
                "\(files.privateKeyFile): cannot read the node's PEM private key (\(error)); fix tls.cert_dir"
            )
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) },
            privateKey: .privateKey(key)
        )
        configuration.minimumTLSVersion = .tlsv13
        if requirePeerCertificate {
            configuration.trustRoots = .file(files.caFile)
            configuration.certificateVerification = .noHostnameVerification
        }
        return configuration
    }

    /// Names of the readiness checks a node reports.
    package enum Check {
        package static let store = "store"
        package static let clientListener = "client_listener"
        package static let peerListener = "peer_listener"
    }
}
