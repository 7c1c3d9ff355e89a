extension LinkDelayHandler {
    /// How one direction of a relayed connection is delayed and bounded.
    package struct Configuration: Sendable {
        /// The delay every chunk gets: half the link's RTT. Default 0.
        package var oneWayDelay: Duration = .zero
        /// The most random delay added to each chunk, uniform in [0, jitter] (`jitter_ms`). Default 0.
        package var jitter: Duration = .zero
        /// Bytes read but not yet written to the other side before the source is no longer read; the reader
        /// overshoots it by at most one read cycle. It caps throughput at this over the one-way delay. Default
        /// 4 MiB: about 250 Mbit/s per connection over a 133 ms one-way delay, while a stalled link holds at most
        /// this per direction and connection.
        package var maxInFlightBytes = 4 << 20

        package init() {}
    }
}
