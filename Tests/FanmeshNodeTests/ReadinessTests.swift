import Testing

@testable import FanmeshNode

@Suite("Readiness")
struct ReadinessTests {
    @Test("A node is ready only when every expected check has passed, and says why not")
    func readyWhenAllPass() {
        let readiness = Readiness(expected: ["store", "client_listener"])
        #expect(!readiness.isReady)
        readiness.pass("store")
        #expect(!readiness.isReady)
        #expect(readiness.snapshot == [.init(name: "client_listener", problem: "starting"), .init(name: "store")])
        readiness.pass("client_listener")
        #expect(readiness.isReady)
        readiness.fail("store", because: "disk full")
        #expect(!readiness.isReady)
        #expect(readiness.snapshot.first { $0.name == "store" }?.problem == "disk full")
    }
}
