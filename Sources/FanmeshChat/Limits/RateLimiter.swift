internal import Synchronization

/// Per-user token buckets shared by every connection on the node, so a user with several tabs gets one budget.
///
/// Thread-safe. Buckets that refilled completely are forgotten on the next sweep, so memory follows the active
/// users, not every user ever seen.
package final class RateLimiter: Sendable {
    private struct State {
        var buckets: [String: TokenBucket] = [:]
        var nextSweep: ContinuousClock.Instant
    }

    private let capacity: Int
    private let window: Duration
    private let state: Mutex<State>

    package init(capacity: Int, window: Duration) {
        self.capacity = capacity
        self.window = window
        self.state = Mutex(State(nextSweep: .now + window))
    }

    /// Takes one token of `user`'s bucket; nil when allowed, else how long to wait.
    package func take(user: String, now: ContinuousClock.Instant = .now) -> Duration? {
        self.state.withLock { state in
            if now >= state.nextSweep {
                state.buckets = state.buckets.filter { !$0.value.isFull(now: now) }
                state.nextSweep = now + self.window
            }
            var bucket =
                state.buckets[user] ?? TokenBucket(capacity: self.capacity, window: self.window, now: now)
            let wait = bucket.take(now: now)
            state.buckets[user] = bucket
            return wait
        }
    }

    /// Users with a bucket in memory.
    package var trackedUsers: Int {
        self.state.withLock { $0.buckets.count }
    }
}
