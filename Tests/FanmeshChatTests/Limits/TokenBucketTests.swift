import FanmeshChat
import Testing

@Suite("Token bucket")
struct TokenBucketTests {
    static let start = ContinuousClock.now

    static func isClose(_ duration: Duration?, to expected: Duration) -> Bool {
        guard let duration else { return false }
        return abs((duration - expected) / .nanoseconds(1)) < 1_000
    }

    @Test("A full bucket allows a burst of capacity, then refuses with the wait for one token")
    func burstThenRefuse() {
        var bucket = TokenBucket(capacity: 20, window: .seconds(30), now: Self.start)
        for _ in 0..<20 { #expect(bucket.take(now: Self.start) == nil) }
        #expect(Self.isClose(bucket.take(now: Self.start), to: .milliseconds(1_500)))
    }

    @Test("Tokens refill evenly over the window")
    func refill() {
        var bucket = TokenBucket(capacity: 20, window: .seconds(30), now: Self.start)
        for _ in 0..<20 { _ = bucket.take(now: Self.start) }
        #expect(Self.isClose(bucket.take(now: Self.start + .milliseconds(500)), to: .seconds(1)))
        #expect(bucket.take(now: Self.start + .milliseconds(1_600)) == nil)
        #expect(Self.isClose(bucket.take(now: Self.start + .milliseconds(1_600)), to: .milliseconds(1_400)))
        #expect(bucket.take(now: Self.start + .milliseconds(3_100)) == nil)
    }

    @Test("A refused take does not use up a token")
    func refusalIsFree() {
        var bucket = TokenBucket(capacity: 1, window: .seconds(10), now: Self.start)
        #expect(bucket.take(now: Self.start) == nil)
        for second in 1...9 { #expect(bucket.take(now: Self.start + .seconds(second)) != nil) }
        #expect(bucket.take(now: Self.start + .milliseconds(10_100)) == nil)
    }

    @Test("A long idle refills no more than capacity")
    func refillIsCapped() {
        var bucket = TokenBucket(capacity: 3, window: .seconds(3), now: Self.start)
        let later = Self.start + .seconds(3_600)
        for _ in 0..<3 { #expect(bucket.take(now: later) == nil) }
        #expect(bucket.take(now: later) != nil)
    }

    @Test("A clock reading earlier than the last one refills nothing")
    func earlierReading() {
        var bucket = TokenBucket(capacity: 1, window: .seconds(10), now: Self.start + .seconds(5))
        #expect(bucket.take(now: Self.start + .seconds(5)) == nil)
        #expect(Self.isClose(bucket.take(now: Self.start), to: .seconds(10)))
    }

    @Test("The bucket is full again once a whole window has passed since it was emptied")
    func isFull() {
        var bucket = TokenBucket(capacity: 4, window: .seconds(8), now: Self.start)
        #expect(bucket.isFull(now: Self.start))
        for _ in 0..<4 { _ = bucket.take(now: Self.start) }
        #expect(!bucket.isFull(now: Self.start + .seconds(7)))
        #expect(bucket.isFull(now: Self.start + .seconds(8)))
    }

    @Test("A capacity below one is raised to one", arguments: [0, -5])
    func capacityAtLeastOne(_ capacity: Int) {
        var bucket = TokenBucket(capacity: capacity, window: .seconds(1), now: Self.start)
        #expect(bucket.capacity == 1)
        #expect(bucket.take(now: Self.start) == nil)
        #expect(bucket.take(now: Self.start) != nil)
    }
}
