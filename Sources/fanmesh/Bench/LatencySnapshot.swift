internal import Histogram

/// Latencies recorded in microseconds into an HdrHistogram (3 significant digits, 1 µs to 60 s; slower values are
/// clamped to 60 s so they still count as the maximum).
struct LatencyRecorder {
    static let highestMicroseconds: UInt64 = 60_000_000

    private(set) var histogram = Histogram<UInt64>(
        lowestDiscernibleValue: 1,
        highestTrackableValue: Self.highestMicroseconds,
        numberOfSignificantValueDigits: .three
    )

    mutating func record(nanoseconds: UInt64) {
        _ = self.histogram.record(min(max(1, nanoseconds / 1_000), Self.highestMicroseconds))
    }

    mutating func add(_ snapshot: LatencySnapshot) {
        for bucket in snapshot.buckets where bucket.count == 2 {
            _ = self.histogram.record(min(bucket[0], Self.highestMicroseconds), count: bucket[1])
        }
    }

    var snapshot: LatencySnapshot {
        LatencySnapshot(buckets: self.histogram.recordedValues().map { [$0.value, UInt64($0.count)] })
    }

    var summary: LatencySummary {
        let histogram = self.histogram
        guard histogram.totalCount > 0 else { return LatencySummary() }
        func milliseconds(_ micros: UInt64) -> Double { (Double(micros) / 1_000 * 1_000).rounded() / 1_000 }
        return LatencySummary(
            count: Int(histogram.totalCount),
            p50Ms: milliseconds(histogram.valueAtPercentile(50)),
            p99Ms: milliseconds(histogram.valueAtPercentile(99)),
            p999Ms: milliseconds(histogram.valueAtPercentile(99.9)),
            maxMs: milliseconds(histogram.max),
            meanMs: (histogram.mean / 1_000 * 1_000).rounded() / 1_000
        )
    }
}

/// A histogram as it travels from a worker to the parent: its non-empty buckets as `[microseconds, count]`.
struct LatencySnapshot: Codable, Sendable {
    var buckets: [[UInt64]] = []
}

/// The percentiles a report prints, in milliseconds.
struct LatencySummary: Codable, Sendable {
    var count = 0
    var p50Ms = 0.0
    var p99Ms = 0.0
    var p999Ms = 0.0
    var maxMs = 0.0
    var meanMs = 0.0
}
