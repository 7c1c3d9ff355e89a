internal import NIOHPACK

/// The two streams a dialer opens on a peer connection, named by `:path`.
enum PeerStreamKind: String {
    /// The dialer pulls: the acceptor serves.
    case pull = "/replication/v1/pull"
    /// The dialer serves: the acceptor pulls.
    case serve = "/replication/v1/serve"

    static let nodeHeader = "fanmesh-node"

    func requestHeaders(from node: String, authority: String) -> HPACKHeaders {
        [":method": "POST", ":scheme": "http", ":path": self.rawValue, ":authority": authority, Self.nodeHeader: node]
    }

    static let okHeaders: HPACKHeaders = [":status": "200", "content-type": "application/x-fanmesh-replication"]
}
