/// Who a node is, for logs, health answers and metrics labels.
package struct NodeIdentity: Sendable, Equatable {
    package var nodeID: String
    package var region: String

    package init(nodeID: String, region: String) {
        self.nodeID = nodeID
        self.region = region
    }
}
