internal import FanmeshChat
internal import FanmeshCore
internal import FanmeshReplication
internal import FanmeshRouting
internal import NIOSSL
internal import Synchronization

extension EdgeNode {
    /// Replication with every other node of the topology, paths chosen by ``PathSelector``.
    func makeReplicator(log: ChatLog, hub: ChatHub) -> Replicator {
        let topology = self.configuration.topology
        let me = self.configuration.identity.nodeID
        let peers = topology.nodes.filter { $0.id != me }.map { node in
            let address = self.configuration.dialOverrides[node.id] ?? node.peer
            return Replicator.Peer(id: node.id, region: node.region, dialHost: address.host, dialPort: address.port)
        }
        let selector = Mutex(PathSelector(node: me))
        return Replicator(
            nodeID: me,
            region: self.configuration.identity.region,
            peers: peers,
            configuration: self.configuration.replication,
            log: log,
            pathUpdate: { origins, matrix, connected in
                selector.withLock { selector in
                    _ = selector.update(origins: origins, matrix: matrix, connected: connected)
                    return selector.paths
                }
            },
            localRooms: { hub.localRoomCounts() },
            logger: self.logger
        )
    }

    /// TLS 1.3 contexts for peer links: the server side wants a client certificate from the mesh CA, the client
    /// side presents this node's certificate and trusts only the mesh CA.
    func peerSSLContexts(files: NodeTLSFiles) throws -> (server: NIOSSLContext, client: NIOSSLContext) {
        var server = try self.serverTLS(files: files, requirePeerCertificate: true)
        // The peer port speaks only HTTP/2; ALPN says so, so clients never fall back to HTTP/1.1 on it.
        server.applicationProtocols = ["h2"]
        var client = TLSConfiguration.makeClientConfiguration()
        client.minimumTLSVersion = .tlsv13
        client.certificateChain = try NIOSSLCertificate.fromPEMFile(files.certificateChainFile).map { .certificate($0) }
        client.privateKey = .privateKey(try NIOSSLPrivateKey(file: files.privateKeyFile, format: .pem))
        client.trustRoots = .file(files.caFile)
        client.certificateVerification = .noHostnameVerification
        client.applicationProtocols = ["h2"]
        return (try NIOSSLContext(configuration: server), try NIOSSLContext(configuration: client))
    }
}
