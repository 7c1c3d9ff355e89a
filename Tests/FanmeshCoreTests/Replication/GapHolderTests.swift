import FanmeshTestSupport
import Testing

@testable import FanmeshCore

@Suite("Gap holding")
struct GapHolderTests {
    private func entries(_ sequences: [UInt64]) -> [(sequence: UInt64, entry: UInt64)] {
        sequences.map { ($0, $0) }
    }

    @Test("Entries that follow are ready in order; one ahead waits for its predecessors")
    func holdsUntilTheGapFills() {
        var holder = GapHolder<UInt64>(applied: 41)
        var outcome = holder.receive(self.entries([43, 44]))
        #expect(outcome.ready.isEmpty)
        #expect(holder.firstMissing == 42)
        outcome = holder.receive(self.entries([42]))
        #expect(outcome.ready == [42, 43, 44])
        #expect(holder.applied == 44)
        #expect(holder.firstMissing == nil)
    }

    @Test("Duplicates of applied or held entries are dropped and counted")
    func dropsDuplicates() {
        var holder = GapHolder<UInt64>(applied: 10)
        _ = holder.receive(self.entries([12]))
        let outcome = holder.receive(self.entries([9, 10, 12, 11]))
        #expect(outcome.duplicates == 3)
        #expect(outcome.ready == [11, 12])
    }

    @Test("Past its capacity it drops later arrivals instead of growing")
    func boundedHolding() {
        var holder = GapHolder<UInt64>(applied: 0, capacity: 2)
        let outcome = holder.receive(self.entries([3, 4, 5]))
        #expect(outcome.overflow == 1)
        #expect(holder.heldCount == 2)
    }

    @Test("A gap marker skips ahead and releases what now follows")
    func skipReleasesFollowers() {
        var holder = GapHolder<UInt64>(applied: 2)
        _ = holder.receive(self.entries([9, 10, 6]))
        #expect(holder.skip(to: 8) == [9, 10])
        #expect(holder.applied == 10)
        #expect(holder.skip(to: 5).isEmpty)
    }

    @Test("Any arrival order of a shuffled log gives the log in order, each entry once")
    func shuffledArrivals() {
        var generator = SeededGenerator(seed: 0xFA4_3E5)
        for _ in 0..<50 {
            var holder = GapHolder<UInt64>(applied: 0)
            var arrivals = Array(1...UInt64(200)) + Array(1...UInt64(50))
            arrivals.shuffle(using: &generator)
            var applied: [UInt64] = []
            for chunk in stride(from: 0, to: arrivals.count, by: 7) {
                applied += holder.receive(self.entries(Array(arrivals[chunk..<min(chunk + 7, arrivals.count)]))).ready
            }
            #expect(applied == Array(1...200))
        }
    }
}
