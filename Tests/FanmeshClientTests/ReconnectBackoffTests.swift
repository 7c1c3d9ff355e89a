import Testing

@testable import FanmeshClient

/// A generator that always gives the same number, so a jittered delay is known in advance.
struct FixedRandom: RandomNumberGenerator {
    var value: UInt64

    mutating func next() -> UInt64 {
        self.value
    }
}

@Suite("Reconnect backoff")
struct ReconnectBackoffTests {
    @Test("Without jitter each wait doubles from the initial delay up to the cap")
    func doublesUpToTheCap() {
        var backoff = ReconnectBackoff(initialDelay: .milliseconds(250), maxDelay: .seconds(10), jitter: 0)
        var random = FixedRandom(value: 0)
        let delays = (0..<9).map { _ in backoff.nextDelay(using: &random) }
        #expect(
            delays == [
                .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8),
                .seconds(10), .seconds(10), .seconds(10),
            ]
        )
    }

    @Test("Jitter takes at most its share off a wait, never more")
    func jitterStaysWithinItsShare() {
        var lowest = ReconnectBackoff(initialDelay: .seconds(4), maxDelay: .seconds(10), jitter: 0.5)
        var none = FixedRandom(value: 0)
        #expect(lowest.nextDelay(using: &none) == .seconds(4))

        var highest = ReconnectBackoff(initialDelay: .seconds(4), maxDelay: .seconds(10), jitter: 0.5)
        var most = FixedRandom(value: .max)
        let delay = highest.nextDelay(using: &most)
        #expect(delay >= .seconds(2))
        #expect(delay < .milliseconds(2_001))
    }

    @Test("A connection that came up starts the waits again from the initial delay")
    func resetStartsOver() {
        var backoff = ReconnectBackoff(initialDelay: .milliseconds(250), maxDelay: .seconds(10), jitter: 0)
        var random = FixedRandom(value: 0)
        _ = backoff.nextDelay(using: &random)
        _ = backoff.nextDelay(using: &random)
        backoff.reset()
        #expect(backoff.nextDelay(using: &random) == .milliseconds(250))
    }

    @Test("Many failures never overflow the wait past the cap")
    func manyFailuresStayAtTheCap() {
        var backoff = ReconnectBackoff(initialDelay: .milliseconds(250), maxDelay: .seconds(10), jitter: 0)
        var random = FixedRandom(value: 0)
        for _ in 0..<200 {
            _ = backoff.nextDelay(using: &random)
        }
        #expect(backoff.nextDelay(using: &random) == .seconds(10))
    }

    @Test("Out-of-range settings are clamped rather than trusted")
    func settingsAreClamped() {
        let backoff = ReconnectBackoff(initialDelay: .seconds(5), maxDelay: .seconds(1), jitter: 7)
        #expect(backoff.maxDelay == .seconds(5))
        #expect(backoff.jitter == 1)
    }
}
