/// The emulated WAN link between two regions on a one-machine mesh: an entry of a topology's `links`.
///
/// A link has no direction: the delay applies each way, so a round trip takes ``rtt``.
package struct Link: Sendable, Equatable {
    /// The first region named in `between`.
    package var first: String
    /// The second region named in `between`; never the same as ``first``.
    package var second: String
    /// The round-trip time to emulate (`rtt_ms`).
    package var rtt: Duration
    /// The random variation added to each one-way delay (`jitter_ms`, default 0).
    package var jitter: Duration

    package init(between first: String, and second: String, rtt: Duration, jitter: Duration = .zero) {
        self.first = first
        self.second = second
        self.rtt = rtt
        self.jitter = jitter
    }

    /// Whether this link joins the two regions, named in either order.
    package func connects(_ region: String, _ otherRegion: String) -> Bool {
        (first == region && second == otherRegion) || (first == otherRegion && second == region)
    }
}
