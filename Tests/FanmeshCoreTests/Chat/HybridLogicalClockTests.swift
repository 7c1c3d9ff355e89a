import FanmeshCore
import FanmeshTestSupport
import Testing

@Suite("Hybrid logical clock")
struct HybridLogicalClockTests {
    typealias Timestamp = HybridLogicalClock.Timestamp

    @Test("A wall clock that moves forward gives its own milliseconds with counter zero")
    func followsWallClock() {
        var clock = HybridLogicalClock()
        #expect(clock.now(wallMilliseconds: 1_000) == Timestamp(milliseconds: 1_000, counter: 0))
        #expect(clock.now(wallMilliseconds: 1_005) == Timestamp(milliseconds: 1_005, counter: 0))
    }

    @Test("A wall clock that stands still advances the counter")
    func standingStill() {
        var clock = HybridLogicalClock()
        let readings = (0..<5).map { _ in clock.now(wallMilliseconds: 1_000) }
        #expect(readings.map(\.milliseconds) == [1_000, 1_000, 1_000, 1_000, 1_000])
        #expect(readings.map(\.counter) == [0, 1, 2, 3, 4])
    }

    @Test("A wall clock that goes backwards never takes the clock back")
    func wallGoesBackwards() {
        var clock = HybridLogicalClock()
        let first = clock.now(wallMilliseconds: 5_000)
        let second = clock.now(wallMilliseconds: 1_000)
        let third = clock.now(wallMilliseconds: 0)
        #expect(first < second && second < third)
        #expect(third == Timestamp(milliseconds: 5_000, counter: 2))
        #expect(clock.now(wallMilliseconds: 6_000) == Timestamp(milliseconds: 6_000, counter: 0))
    }

    @Test("Readings are strictly increasing whatever the wall clock does")
    func monotonicUnderRandomWallClock() {
        var generator = SeededGenerator(seed: 0x4C43)
        var clock = HybridLogicalClock()
        var wall: UInt64 = 1_795_604_520_361
        var previous = Timestamp(rawValue: 0)
        for _ in 0..<20_000 {
            switch UInt64.random(in: 0..<10, using: &generator) {
            case 0...3: break
            case 4...7: wall += UInt64.random(in: 1...5, using: &generator)
            default: wall -= UInt64.random(in: 1...2_000, using: &generator)
            }
            let reading = clock.now(wallMilliseconds: wall)
            #expect(reading > previous)
            #expect(reading.milliseconds >= wall)
            previous = reading
        }
    }

    @Test("A full counter borrows the next millisecond")
    func counterOverflowBorrows() {
        var clock = HybridLogicalClock()
        var last = clock.now(wallMilliseconds: 7_000)
        for _ in 0..<Int(UInt16.max) { last = clock.now(wallMilliseconds: 7_000) }
        #expect(last == Timestamp(milliseconds: 7_000, counter: .max))
        let borrowed = clock.now(wallMilliseconds: 7_000)
        #expect(borrowed == Timestamp(milliseconds: 7_001, counter: 0))
        #expect(clock.now(wallMilliseconds: 7_001) == Timestamp(milliseconds: 7_001, counter: 1))
        #expect(clock.now(wallMilliseconds: 7_002) == Timestamp(milliseconds: 7_002, counter: 0))
    }

    @Test("A remote timestamp ahead of the wall clock orders later local events after it")
    func observeRemoteAhead() {
        var clock = HybridLogicalClock()
        _ = clock.now(wallMilliseconds: 1_000)
        let remote = Timestamp(milliseconds: 9_000, counter: 7)
        clock.observe(remote, wallMilliseconds: 1_000)
        let local = clock.now(wallMilliseconds: 1_001)
        #expect(local > remote)
        #expect(local.milliseconds == 9_000)
    }

    @Test("A remote timestamp with a full counter orders later local events after it")
    func observeRemoteWithFullCounter() {
        var clock = HybridLogicalClock()
        let remote = Timestamp(milliseconds: 9_000, counter: .max)
        clock.observe(remote, wallMilliseconds: 1_000)
        #expect(clock.now(wallMilliseconds: 1_000) > remote)
    }

    @Test("A remote timestamp behind the clock does not move it back")
    func observeRemoteBehind() {
        var clock = HybridLogicalClock()
        let before = clock.now(wallMilliseconds: 5_000)
        clock.observe(Timestamp(milliseconds: 10, counter: 3), wallMilliseconds: 5_000)
        #expect(clock.now(wallMilliseconds: 5_000) > before)
    }

    @Test("Once the wall clock passes a remote timestamp the clock follows the wall again")
    func wallCatchesUp() {
        var clock = HybridLogicalClock()
        clock.observe(Timestamp(milliseconds: 2_000, counter: 4), wallMilliseconds: 1_000)
        #expect(clock.now(wallMilliseconds: 2_500) == Timestamp(milliseconds: 2_500, counter: 0))
    }

    @Test(
        "Milliseconds and counter pack into the upper 48 and lower 16 bits",
        arguments: [
            (UInt64(0), UInt16(0)), (1, 0), (0, 1), (1_795_604_520_361, 42), ((1 << 48) - 1, .max), (12_345, .max),
        ]
    )
    func packing(_ milliseconds: UInt64, _ counter: UInt16) {
        let timestamp = Timestamp(milliseconds: milliseconds, counter: counter)
        #expect(timestamp.rawValue == milliseconds << 16 | UInt64(counter))
        #expect(timestamp.milliseconds == milliseconds)
        #expect(timestamp.counter == counter)
        #expect(Timestamp(rawValue: timestamp.rawValue) == timestamp)
        #expect(timestamp.description == "\(milliseconds).\(counter)")
    }

    @Test("Integer order is milliseconds first, then counter")
    func ordering() {
        let earlier = Timestamp(milliseconds: 100, counter: .max)
        let later = Timestamp(milliseconds: 101, counter: 0)
        #expect(earlier < later)
        #expect(Timestamp(milliseconds: 100, counter: 1) < Timestamp(milliseconds: 100, counter: 2))
    }

    @Test("A remote timestamp far ahead of the wall clock (or at the end of the range) does not drag the clock")
    func observeFarAheadIsIgnored() {
        var clock = HybridLogicalClock()
        clock.observe(Timestamp(rawValue: .max), wallMilliseconds: 1_000)
        #expect(clock.now(wallMilliseconds: 1_000).milliseconds == 1_000)
        let near = Timestamp(milliseconds: 1_000 + HybridLogicalClock.maxForwardDriftMilliseconds, counter: 3)
        clock.observe(near, wallMilliseconds: 1_000)
        #expect(clock.now(wallMilliseconds: 1_000) > near)
    }
}
