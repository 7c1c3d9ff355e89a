package import FanmeshCore
internal import FanmeshStore
internal import FanmeshChat
internal import Foundation

extension EdgeNode.Configuration {
    /// Resolves node `nodeID` of `topology`: its addresses, capacity, store settings from its region file, and TLS
    /// files.
    ///
    /// - Parameter dataDirectory: overrides the region file's `data_dir`/`<node id>` (the `--data-dir` flag).
    /// - Throws: ``NodeConfigurationError`` naming the node or file at fault.
    package init(topology: Topology, nodeID: String, dataDirectory: String? = nil) throws {
        guard let node = topology.node(id: nodeID) else {
            let known = topology.nodes.map(\.id).joined(separator: ", ")
            throw NodeConfigurationError(
                "\(topology.sourceFile): no node '\(nodeID)' in this topology; its nodes are: \(known)"
            )
        }
        guard let region = topology.region(named: node.region) else {
            throw NodeConfigurationError("\(topology.sourceFile): node '\(nodeID)' names unknown region '\(node.region)'")
        }
        let settings = region.settings
        var store = LMDBEnvironment.Configuration()
        if let dataDirectory {
            store.path = dataDirectory
        } else {
            let base = settings.dataDirectory ?? "data"
            store.path = URL(fileURLWithPath: base).appendingPathComponent(nodeID).path
        }
        if let mapSize = settings.lmdb.mapSizeBytes { store.mapSizeBytes = mapSize }
        if let ceiling = settings.lmdb.maxMapSizeBytes { store.maxMapSizeBytes = ceiling }
        if let tables = settings.lmdb.maxTables { store.maxTables = tables }
        if let sync = settings.lmdb.sync { store.sync = sync == .durable ? .durable : .async }

        var tlsFiles: NodeTLSFiles?
        if let tls = topology.tls {
            let directory = URL(fileURLWithPath: tls.certDirectory)
            tlsFiles = NodeTLSFiles(
                certificateChainFile: directory.appendingPathComponent("\(nodeID).pem").path,
                privateKeyFile: directory.appendingPathComponent("\(nodeID).key").path,
                caFile: tls.caFile
            )
        }
        self.init(
            identity: NodeIdentity(nodeID: nodeID, region: node.region),
            clientHost: node.client.host,
            clientPort: node.client.port,
            peerHost: node.peer.host,
            peerPort: node.peer.port,
            capacity: node.capacity,
            store: store,
            tls: tlsFiles,
            topology: topology
        )
        self.chat = ChatHub.Configuration(region: settings)
        self.regionSettings = settings
    }
}

/// A node cannot be configured as asked; the message names the file or node at fault.
package struct NodeConfigurationError: Error, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}
