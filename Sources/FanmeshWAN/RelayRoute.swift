package import FanmeshCore

/// One relayed node pair: the node that dials, the node it reaches, and the link between their regions.
///
/// For each pair of nodes one connection carries replication, dialed by the node whose id sorts first.
package struct RelayRoute: Sendable, Equatable {
    package var dialer: NodeSpec
    package var acceptor: NodeSpec
    package var link: Link

    package init(dialer: NodeSpec, acceptor: NodeSpec, link: Link) {
        self.dialer = dialer
        self.acceptor = acceptor
        self.link = link
    }

    /// Every pair of nodes in different regions that a `links` entry joins, in node order. Nodes of one region,
    /// and regions without a link, dial each other directly: a topology without links gets no routes.
    package static func routes(in topology: Topology) -> [RelayRoute] {
        let nodes = topology.nodes
        var routes: [RelayRoute] = []
        for (index, node) in nodes.enumerated() {
            for other in nodes[(index + 1)...] where node.region != other.region {
                guard let link = topology.link(between: node.region, and: other.region) else { continue }
                let (dialer, acceptor) = node.id < other.id ? (node, other) : (other, node)
                routes.append(RelayRoute(dialer: dialer, acceptor: acceptor, link: link))
            }
        }
        return routes
    }
}
