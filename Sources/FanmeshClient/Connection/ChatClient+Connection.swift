extension ChatClient {
    /// The connection frames are written to: which one it is, and its queue of outgoing frames.
    struct Connection: Sendable {
        /// Counts connections, so that a late callback of an old one is recognised and ignored.
        var generation: UInt64
        var writer: AsyncStream<String>.Continuation
    }

    /// How one connection attempt ended.
    enum ConnectionOutcome: Sendable {
        /// The attempt failed or the connection ended; `established` if it was up.
        case ended(DisconnectReason, established: Bool)
        /// The node refused the upgrade, and said why.
        case refused(UpgradeRefusal)
    }

    /// Nothing came from the node for a whole ping interval after a ping.
    struct PingTimeout: Error {}
}
