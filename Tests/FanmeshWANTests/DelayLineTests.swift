import FanmeshTestSupport
import FanmeshWAN
import NIOCore
import Testing

@Suite("DelayLine: when each chunk of one direction is due")
struct DelayLineTests {
    private let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    private func at(_ milliseconds: Int64) -> NIODeadline {
        self.start + .milliseconds(milliseconds)
    }

    @Test("A chunk is due its delay after it arrived, not before")
    func chunkIsDueAfterItsDelay() {
        var line = DelayLine<String>(maxInFlightBytes: 1_000)
        let (deliverAt, _) = line.enqueue("a", bytes: 1, arrivedAt: self.at(0), delay: .milliseconds(50))
        #expect(deliverAt == self.at(50))
        #expect(line.nextDeadline == self.at(50))
        #expect(line.dequeueDue(now: self.at(49)) == nil)
        #expect(line.dequeueDue(now: self.at(50))?.element == "a")
        #expect(line.nextDeadline == nil)
    }

    @Test("A chunk with less jitter than the one before waits for it: order is kept")
    func lessJitterNeverOvertakes() {
        var line = DelayLine<String>(maxInFlightBytes: 1_000)
        _ = line.enqueue("first", bytes: 1, arrivedAt: self.at(0), delay: .milliseconds(50 + 9))
        let (second, _) = line.enqueue("second", bytes: 1, arrivedAt: self.at(1), delay: .milliseconds(50 + 0))
        let (third, _) = line.enqueue("third", bytes: 1, arrivedAt: self.at(20), delay: .milliseconds(50 + 2))
        #expect(second == self.at(59), "max(previous 59, 1 + 50)")
        #expect(third == self.at(72), "max(previous 59, 20 + 52)")
        #expect(line.dequeueDue(now: self.at(58)) == nil)
        #expect(line.dequeueDue(now: self.at(59))?.element == "first")
        #expect(line.dequeueDue(now: self.at(59))?.element == "second")
        #expect(line.dequeueDue(now: self.at(71)) == nil)
        #expect(line.dequeueDue(now: self.at(72))?.element == "third")
    }

    @Test("Delivery times never decrease, whatever the jitter", arguments: [1, 2, 3, 42] as [UInt64])
    func deliveryTimesAreMonotonic(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var line = DelayLine<Int>(maxInFlightBytes: .max)
        var previous = NIODeadline.uptimeNanoseconds(0)
        var arrival = self.start
        for index in 0..<1_000 {
            arrival = arrival + .microseconds(Int64.random(in: 0...3_000, using: &generator))
            let jitter = TimeAmount.microseconds(Int64.random(in: 0...20_000, using: &generator))
            let (deliverAt, _) = line.enqueue(index, bytes: 1, arrivedAt: arrival, delay: .milliseconds(50) + jitter)
            #expect(deliverAt >= previous)
            #expect(deliverAt >= arrival + .milliseconds(50))
            previous = deliverAt
        }
        var delivered: [Int] = []
        while let entry = line.dequeueDue(now: previous) { delivered.append(entry.element) }
        #expect(delivered == Array(0..<1_000))
    }

    @Test("A stall holds every chunk; resume lets them go in order, overdue ones at once")
    func stallHoldsThenResumeDeliversInOrder() {
        var line = DelayLine<String>(maxInFlightBytes: 1_000)
        _ = line.enqueue("a", bytes: 1, arrivedAt: self.at(0), delay: .milliseconds(50))
        line.stall()
        _ = line.enqueue("b", bytes: 1, arrivedAt: self.at(10), delay: .milliseconds(50))
        #expect(line.nextDeadline == nil)
        #expect(line.dequeueDue(now: self.at(1_000)) == nil)
        line.resume()
        #expect(line.nextDeadline == self.at(50))
        #expect(line.dequeueDue(now: self.at(1_000))?.element == "a")
        #expect(line.dequeueDue(now: self.at(1_000))?.element == "b")
    }

    @Test("Reading pauses past the bound and resumes once half of it is written")
    func backpressurePausesAndResumes() {
        var line = DelayLine<Int>(maxInFlightBytes: 100)
        #expect(line.enqueue(1, bytes: 60, arrivedAt: self.at(0), delay: .zero).pauseReading == false)
        #expect(line.enqueue(2, bytes: 40, arrivedAt: self.at(0), delay: .zero).pauseReading == false)
        #expect(line.enqueue(3, bytes: 30, arrivedAt: self.at(0), delay: .zero).pauseReading == true)
        #expect(line.isReadingPaused)
        #expect(line.enqueue(4, bytes: 10, arrivedAt: self.at(0), delay: .zero).pauseReading == false, "already paused")
        #expect(line.inFlightBytes == 140)
        for _ in 0..<4 { _ = line.dequeueDue(now: self.at(0)) }
        #expect(line.inFlightBytes == 140, "dequeued bytes stay in flight until written")
        #expect(line.written(bytes: 60) == false, "80 in flight is still above half the bound")
        #expect(line.written(bytes: 40) == true)
        #expect(!line.isReadingPaused)
        #expect(line.written(bytes: 30) == false, "already reading")
    }

    @Test("A stalled line pauses reading once the bound is reached")
    func stallFillsToTheBound() {
        var line = DelayLine<Int>(maxInFlightBytes: 100)
        line.stall()
        var paused = false
        var index = 0
        while !paused {
            paused = line.enqueue(index, bytes: 30, arrivedAt: self.at(0), delay: .zero).pauseReading
            index += 1
        }
        #expect(index == 4)
        #expect(line.inFlightBytes == 120)
    }

    @Test("Discarding drops the queue and its bytes")
    func discardDropsEverything() {
        var line = DelayLine<Int>(maxInFlightBytes: 100)
        _ = line.enqueue(1, bytes: 30, arrivedAt: self.at(0), delay: .zero)
        _ = line.enqueue(2, bytes: 30, arrivedAt: self.at(0), delay: .zero)
        _ = line.dequeueDue(now: self.at(0))
        line.discardAll()
        #expect(line.queuedCount == 0)
        #expect(line.inFlightBytes == 30, "the dequeued chunk is still being written")
    }
}
