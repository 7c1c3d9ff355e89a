/// The waits between reconnects: exponential from an initial delay up to a cap, with part of each wait random.
///
/// Attempt *n* (from 0) waits `min(initial × 2ⁿ, max)`, less a random share of up to `jitter` of it, so a wait
/// lies in `[(1 − jitter) × d, d]`. ``reset()`` after a connection is up starts again from the initial delay.
struct ReconnectBackoff: Sendable {
    let initialDelay: Duration
    let maxDelay: Duration
    /// The share of each wait that is random, clamped to 0...1.
    let jitter: Double
    private(set) var attempt = 0

    init(initialDelay: Duration, maxDelay: Duration, jitter: Double) {
        self.initialDelay = max(initialDelay, .zero)
        self.maxDelay = max(maxDelay, self.initialDelay)
        self.jitter = min(max(jitter.isNaN ? 0 : jitter, 0), 1)
    }

    init(_ configuration: ChatClient.Configuration) {
        self.init(
            initialDelay: configuration.reconnectInitialDelay,
            maxDelay: configuration.reconnectMaxDelay,
            jitter: configuration.reconnectJitter
        )
    }

    /// The wait before the next attempt; each call counts one attempt.
    mutating func nextDelay(using random: inout some RandomNumberGenerator) -> Duration {
        // 2^30 × any sensible initial delay is far past any cap, and keeps the multiplication small.
        let factor = 1 << min(self.attempt, 30)
        self.attempt += 1
        let full = min(self.initialDelay * factor, self.maxDelay)
        guard self.jitter > 0 else { return full }
        let share = Double.random(in: 0..<1, using: &random)
        return full * (1 - self.jitter * share)
    }

    /// A connection is up: the next failure waits the initial delay again.
    mutating func reset() {
        self.attempt = 0
    }
}
