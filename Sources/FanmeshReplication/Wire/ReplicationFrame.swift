package import FanmeshCore
package import NIOCore

/// One message of the replication protocol (`docs/replication.md`), carried length-prefixed in HTTP/2 DATA frames
/// on a peer stream.
package enum ReplicationFrame: Sendable, Equatable {
    /// Replica → source: send me these origins' entries after these sequence numbers (origin → last sequence the
    /// replica has). Replaces the previous set.
    case subscribe([String: UInt64])
    /// Source → replica: consecutive entries of one origin, oldest first.
    case entries(origin: String, messages: [ChatMessage])
    /// Source → replica: the newest heartbeat the source has of `origin`: its HLC time and the origin's last
    /// sequence number at that time.
    case heartbeat(origin: String, time: HybridLogicalClock.Timestamp, sequence: UInt64)
    /// Source → replica: entries of `origin` up to `through` are gone (retention); continue after it.
    case gap(origin: String, through: UInt64)
    /// Either way, about once a second: the sender's view of the mesh, as JSON (``PeerStats``).
    case stats(ByteBuffer)

    enum Kind: UInt8 {
        case subscribe = 1
        case entries = 2
        case heartbeat = 3
        case gap = 4
        case stats = 5
    }
}
