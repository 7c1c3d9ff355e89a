/// The counters and histograms of one event loop of a worker. Touched only on that loop, so nothing is locked on
/// the receive path; the worker reads it by hopping onto the loop.
final class LoopStats {
    var counters = BenchCounters()
    /// Post-to-receive latency of every delivery whose text carried its send time.
    var delivery = LatencyRecorder()
    /// Send-to-ack latency.
    var ack = LatencyRecorder()
    /// Dial-to-upgraded time of each connection.
    var connect = LatencyRecorder()
    /// The slowest delivery since the worker last asked, for the progress line.
    var slowestSinceProgressNanoseconds: UInt64 = 0
    /// When this loop last counted a delivery (``BenchClock``).
    var lastDeliveryNanoseconds: UInt64 = 0

    func recordDelivery(sentAt: UInt64, now: UInt64) {
        self.lastDeliveryNanoseconds = now
        let latency = now &- sentAt
        guard latency < 1 << 62 else { return }
        self.delivery.record(nanoseconds: latency)
        if latency > self.slowestSinceProgressNanoseconds { self.slowestSinceProgressNanoseconds = latency }
    }
}

@available(*, unavailable)
extension LoopStats: Sendable {}
