extension Replicator {
    /// Replication tunables; defaults run the demo mesh.
    package struct Configuration: Sendable, Equatable {
        /// How often this node, as an origin, emits a heartbeat (lag is measured from them).
        package var heartbeatInterval: Duration = .milliseconds(250)
        /// How often peers exchange stats and paths are re-evaluated.
        package var statsInterval: Duration = .seconds(1)
        /// How often each link is PINGed for its RTT.
        package var pingInterval: Duration = .seconds(1)
        /// Most entries in one `entries` frame.
        package var maxEntriesPerFrame = 512
        /// About the most record bytes in one `entries` frame.
        package var maxFrameRecordBytes = 1 << 20
        /// First and longest wait between reconnect attempts (jittered).
        package var reconnectBackoff: ClosedRange<Duration> = .milliseconds(100)...(.seconds(5))
        /// Entries held per origin while waiting for a gap to fill.
        package var maxHeldEntries = 100_000
        /// HTTP/2 stream flow-control window, in bytes.
        package var streamWindowBytes = 4 << 20

        package init() {}
    }

    /// Another node as this node reaches it.
    package struct Peer: Sendable, Equatable {
        package var id: String
        package var region: String
        /// Where to connect: its `peer` address, or the WAN emulator's relay for that link.
        package var dialHost: String
        package var dialPort: Int

        package init(id: String, region: String, dialHost: String, dialPort: Int) {
            self.id = id
            self.region = region
            self.dialHost = dialHost
            self.dialPort = dialPort
        }
    }
}
