import FanmeshChat
import Testing

@Suite("Per-user rate limiter")
struct RateLimiterTests {
    @Test("Each user gets a burst of capacity, then waits; other users are not affected")
    func perUserIsolation() {
        let limiter = RateLimiter(capacity: 3, window: .seconds(30))
        let now = ContinuousClock.now
        for _ in 0..<3 { #expect(limiter.take(user: "a", now: now) == nil) }
        #expect(limiter.take(user: "a", now: now) != nil)
        for _ in 0..<3 { #expect(limiter.take(user: "b", now: now) == nil) }
        #expect(limiter.take(user: "b", now: now) != nil)
        #expect(limiter.take(user: "a", now: now + .seconds(10)) == nil)
        #expect(limiter.trackedUsers == 2)
    }

    @Test("A user's budget refills with time")
    func refill() {
        let limiter = RateLimiter(capacity: 2, window: .seconds(10))
        let now = ContinuousClock.now
        #expect(limiter.take(user: "a", now: now) == nil)
        #expect(limiter.take(user: "a", now: now) == nil)
        let wait = limiter.take(user: "a", now: now)
        #expect(wait.map { $0 > .seconds(4) && $0 < .milliseconds(5_001) } == true)
        #expect(limiter.take(user: "a", now: now + .seconds(5)) == nil)
    }

    @Test("A sweep forgets users whose buckets are full again and keeps the rest")
    func sweepForgetsFullBuckets() {
        let limiter = RateLimiter(capacity: 2, window: .seconds(10))
        let now = ContinuousClock.now
        #expect(limiter.take(user: "idle", now: now) == nil)
        #expect(limiter.take(user: "busy", now: now + .seconds(9)) == nil)
        #expect(limiter.take(user: "busy", now: now + .seconds(9)) == nil)
        #expect(limiter.trackedUsers == 2)
        // Past the sweep time: "idle" refilled long ago, "busy" is still nearly empty.
        #expect(limiter.take(user: "new", now: now + .seconds(11)) == nil)
        #expect(limiter.trackedUsers == 2)
        #expect(limiter.take(user: "busy", now: now + .seconds(11)) != nil)
    }

    @Test("Concurrent takes of one user never exceed the capacity")
    func concurrentTakes() async {
        let limiter = RateLimiter(capacity: 50, window: .seconds(3_600))
        let now = ContinuousClock.now
        let allowed = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 { group.addTask { limiter.take(user: "a", now: now) == nil } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(allowed == 50)
    }
}
