/// Round-trip times between nodes as the mesh sees them: this node's own measurements (HTTP/2 PING) and those its
/// peers report in their stats. An absent entry means that link is down or unknown.
package struct RTTMatrix: Sendable, Equatable {
    private var rows: [String: [String: Duration]] = [:]

    package init() {}

    package subscript(from: String, to: String) -> Duration? {
        get { self.rows[from]?[to] }
        set { self.rows[from, default: [:]][to] = newValue }
    }

    /// Replaces everything `node` reports about its links.
    package mutating func setRow(_ node: String, _ row: [String: Duration]) {
        self.rows[node] = row
    }
}
