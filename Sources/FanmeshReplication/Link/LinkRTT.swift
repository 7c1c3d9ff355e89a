/// One link's round-trip time from HTTP/2 PINGs: a smoothed value (EWMA) and the 99th percentile of recent
/// samples.
package struct LinkRTT: Sendable, Equatable {
    package private(set) var smoothed: Duration?
    private var samples: [Duration] = []
    private var next = 0
    /// How many recent samples the percentile looks at.
    package static let window = 120

    package init() {}

    package mutating func record(_ rtt: Duration) {
        self.smoothed = self.smoothed.map { $0 * 0.8 + rtt * 0.2 } ?? rtt
        if self.samples.count < Self.window {
            self.samples.append(rtt)
        } else {
            self.samples[self.next] = rtt
            self.next = (self.next + 1) % Self.window
        }
    }

    package func percentile(_ fraction: Double) -> Duration? {
        guard !self.samples.isEmpty else { return nil }
        let sorted = self.samples.sorted()
        let index = min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)
        return sorted[max(0, index)]
    }
}
