/// How a partitioned link fails, as `fanmesh wan partition --mode` and the admin API spell it.
package enum PartitionMode: String, Sendable, Codable, CaseIterable {
    /// Nothing gets through either way, but connections stay open: bytes wait (up to the in-flight bound, then the
    /// senders stop being read) and continue in order on heal, like a route that blackholes packets.
    case stall
    /// Every connection is closed with a TCP RST and new ones are refused until heal, like a failed peer.
    case reset
}
