internal import Foundation
package import NIOCore

/// What a node tells its peers about itself about once a second (the `stats` frame): its measured link RTTs, which
/// lets every node build the mesh's RTT matrix for path choice, and its rooms' member counts for global presence.
package struct PeerStats: Codable, Sendable, Equatable {
    package var node: String
    package var region: String
    /// Smoothed RTT in milliseconds to each peer whose link is up.
    package var rttMilliseconds: [String: Double]
    /// Members per room on this node (rooms with members only).
    package var rooms: [String: Int]
    /// Replication lag in seconds per origin as seen at this node.
    package var lagSeconds: [String: Double]

    package init(
        node: String,
        region: String,
        rttMilliseconds: [String: Double],
        rooms: [String: Int],
        lagSeconds: [String: Double]
    ) {
        self.node = node
        self.region = region
        self.rttMilliseconds = rttMilliseconds
        self.rooms = rooms
        self.lagSeconds = lagSeconds
    }

    package func encoded() -> ByteBuffer {
        ByteBuffer(bytes: (try? JSONEncoder().encode(self)) ?? Data())
    }

    package init(decoding buffer: ByteBuffer) throws {
        self = try JSONDecoder().decode(PeerStats.self, from: Data(buffer.readableBytesView))
    }
}
