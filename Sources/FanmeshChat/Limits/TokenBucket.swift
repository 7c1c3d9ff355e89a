/// A token bucket: `capacity` tokens refill evenly over `window`; each event takes one.
///
/// With capacity 20 and window 30 s a user may post 20 messages at once, then one every 1.5 s. A value type with
/// time passed in, so its rule is tested without clocks.
package struct TokenBucket: Sendable, Equatable {
    package let capacity: Int
    package let window: Duration
    private var tokens: Double
    private var updatedAt: ContinuousClock.Instant

    package init(capacity: Int, window: Duration, now: ContinuousClock.Instant) {
        self.capacity = max(1, capacity)
        self.window = window
        self.tokens = Double(self.capacity)
        self.updatedAt = now
    }

    /// Takes a token if there is one; otherwise returns how long until there will be.
    package mutating func take(now: ContinuousClock.Instant) -> Duration? {
        self.refill(now: now)
        if self.tokens >= 1 {
            self.tokens -= 1
            return nil
        }
        let perToken = self.window / self.capacity
        return perToken * (1 - self.tokens)
    }

    /// Whether the bucket is full again, so its owner can forget it.
    package func isFull(now: ContinuousClock.Instant) -> Bool {
        var copy = self
        copy.refill(now: now)
        return copy.tokens >= Double(self.capacity)
    }

    private mutating func refill(now: ContinuousClock.Instant) {
        guard now > self.updatedAt else { return }
        let elapsed = now - self.updatedAt
        let refill = Double(self.capacity) * (elapsed / self.window)
        self.tokens = min(Double(self.capacity), self.tokens + refill)
        self.updatedAt = now
    }
}
