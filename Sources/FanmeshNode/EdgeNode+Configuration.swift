package import FanmeshChat
package import FanmeshCore
package import FanmeshStore
package import FanmeshReplication

extension EdgeNode {
    /// Everything one node needs to run, resolved from its topology and region file.
    package struct Configuration: Sendable {
        package var identity: NodeIdentity
        /// Where fans connect: HTTP/1.1, WebSocket and HTTP/2 (`client` in the topology).
        package var clientHost: String
        package var clientPort: Int
        /// Where peers connect for replication over HTTP/2 (`peer` in the topology).
        package var peerHost: String
        package var peerPort: Int
        /// Fans this node admits (`capacity`).
        package var capacity: Int
        /// The node's LMDB environment: `<data_dir>/<node id>` unless `--data-dir` says otherwise.
        package var store: LMDBEnvironment.Configuration
        /// TLS material when the topology has a `tls` section; plaintext (h2c) otherwise.
        package var tls: NodeTLSFiles?
        /// Chat limits, from the region file.
        package var chat = ChatHub.Configuration()
        /// The topology and region the token keys come from.
        package var topology: Topology
        package var regionSettings = RegionSettings()
        /// Where to reach a peer instead of its `peer` address: peer id → address (the WAN emulator's relays;
        /// `--dial-via`).
        package var dialOverrides: [String: HostAndPort] = [:]
        /// Replication tunables.
        package var replication = Replicator.Configuration()

        package init(
            identity: NodeIdentity,
            clientHost: String,
            clientPort: Int,
            peerHost: String,
            peerPort: Int,
            capacity: Int,
            store: LMDBEnvironment.Configuration,
            tls: NodeTLSFiles?,
            topology: Topology
        ) {
            self.identity = identity
            self.clientHost = clientHost
            self.clientPort = clientPort
            self.peerHost = peerHost
            self.peerPort = peerPort
            self.capacity = capacity
            self.store = store
            self.tls = tls
            self.topology = topology
        }

        /// Loads the token keys: the topology's HS256 key and ES256 public keys, and the region's anonymous mode.
        func makeAuthenticator() async throws -> ChatAuthenticator {
            try await ChatAuthenticator.load(topology: self.topology, regionSettings: self.regionSettings)
        }
    }
}

/// Where a node's certificate, key and the mesh CA live, from the topology's `tls` section.
package struct NodeTLSFiles: Sendable, Equatable {
    /// PEM certificate chain, `<cert_dir>/<node id>.pem`.
    package var certificateChainFile: String
    /// PEM private key, `<cert_dir>/<node id>.key`.
    package var privateKeyFile: String
    /// PEM mesh CA; peers must present a certificate it signed.
    package var caFile: String

    package init(certificateChainFile: String, privateKeyFile: String, caFile: String) {
        self.certificateChainFile = certificateChainFile
        self.privateKeyFile = privateKeyFile
        self.caFile = caFile
    }
}
