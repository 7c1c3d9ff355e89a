/// One emulated link as `GET /wan/status` and `fanmesh wan status` show it; ``a`` and ``b`` are in the order
/// of the topology's `between`.
package struct LinkStatus: Sendable, Equatable, Codable {
    /// One relay of the link: a dialer node reaching an acceptor node through ``listen``.
    package struct Relay: Sendable, Equatable, Codable {
        package var dialer: String
        package var acceptor: String
        /// The relay's address, passed to the dialer as `--dial-via ACCEPTOR=ADDRESS`.
        package var listen: String
        /// The acceptor's `peer` address.
        package var target: String
        package var connections: Int

        package init(dialer: String, acceptor: String, listen: String, target: String, connections: Int) {
            self.dialer = dialer
            self.acceptor = acceptor
            self.listen = listen
            self.target = target
            self.connections = connections
        }
    }

    package var a: String
    package var b: String
    package var rttMilliseconds: Double
    package var jitterMilliseconds: Double
    /// `up`, or `partitioned`.
    package var state: String
    /// How the link is partitioned (`stall` or `reset`); nil while up.
    package var mode: PartitionMode?
    /// Connections open through the link's relays.
    package var connections: Int
    package var bytesAToB: Int
    package var bytesBToA: Int
    package var relays: [Relay]

    package init(
        a: String,
        b: String,
        rttMilliseconds: Double,
        jitterMilliseconds: Double,
        state: String,
        mode: PartitionMode?,
        connections: Int,
        bytesAToB: Int,
        bytesBToA: Int,
        relays: [Relay]
    ) {
        self.a = a
        self.b = b
        self.rttMilliseconds = rttMilliseconds
        self.jitterMilliseconds = jitterMilliseconds
        self.state = state
        self.mode = mode
        self.connections = connections
        self.bytesAToB = bytesAToB
        self.bytesBToA = bytesBToA
        self.relays = relays
    }

    private enum CodingKeys: String, CodingKey {
        case a, b, state, mode, connections, relays
        case rttMilliseconds = "rtt_ms"
        case jitterMilliseconds = "jitter_ms"
        case bytesAToB = "bytes_a_to_b"
        case bytesBToA = "bytes_b_to_a"
    }
}
