import FanmeshChat
import Foundation
import Synchronization
import Testing

@Suite("Connections per address")
struct ConnectionCounterTests {
    @Test("An address may hold up to the limit; others are counted apart")
    func limitPerAddress() {
        let counter = ConnectionCounter(limit: 2)
        #expect(counter.open(address: "10.0.0.1"))
        #expect(counter.open(address: "10.0.0.1"))
        #expect(!counter.open(address: "10.0.0.1"))
        #expect(counter.count(address: "10.0.0.1") == 2)
        #expect(counter.open(address: "10.0.0.2"))
        counter.close(address: "10.0.0.1")
        #expect(counter.count(address: "10.0.0.1") == 1)
        #expect(counter.open(address: "10.0.0.1"))
    }

    @Test("Closing more than was opened never leaves credit behind")
    func closeUnknown() {
        let counter = ConnectionCounter(limit: 1)
        counter.close(address: "a")
        counter.close(address: "a")
        #expect(counter.count(address: "a") == 0)
        #expect(counter.open(address: "a"))
        #expect(!counter.open(address: "a"))
    }

    @Test("Concurrent opens admit exactly the limit")
    func concurrentOpens() {
        let counter = ConnectionCounter(limit: 50)
        let admitted = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 400) { _ in
            if counter.open(address: "a") { admitted.withLock { $0 += 1 } }
        }
        #expect(admitted.withLock { $0 } == 50)
        DispatchQueue.concurrentPerform(iterations: 50) { _ in counter.close(address: "a") }
        #expect(counter.count(address: "a") == 0)
    }
}
