/// One edge node as the topology describes it: an entry of a region's `nodes`.
package struct NodeSpec: Sendable, Equatable {
    /// The node's id (`id`), unique in the mesh; it is the origin name in message ids.
    package var id: String
    /// The name of the region the node belongs to.
    package var region: String
    /// Where fans connect (`client`): HTTP/1.1, WebSocket and h2c on one port.
    package var client: HostAndPort
    /// Where peers replicate from (`peer`): HTTP/2.
    package var peer: HostAndPort
    /// How many fans the node admits (`capacity`); positive.
    package var capacity: Int

    package init(id: String, region: String, client: HostAndPort, peer: HostAndPort, capacity: Int) {
        self.id = id
        self.region = region
        self.client = client
        self.peer = peer
        self.capacity = capacity
    }
}
