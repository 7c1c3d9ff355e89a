import FanmeshCore
import Testing

@testable import FanmeshRouting

@Suite("Path choice with hysteresis")
struct PathSelectorTests {
    /// The local mesh: seoul–frankfurt 266 ms, seoul–saopaulo 286 ms, frankfurt–saopaulo 195 ms.
    private func matrix(cut: (String, String)? = nil) -> RTTMatrix {
        var matrix = RTTMatrix()
        let links: [(String, String, Int64)] = [("s", "f", 266), ("s", "p", 286), ("f", "p", 195)]
        for (a, b, ms) in links where !(cut.map { ($0 == (a, b)) || ($0 == (b, a)) } ?? false) {
            matrix[a, b] = .milliseconds(ms)
            matrix[b, a] = .milliseconds(ms)
        }
        return matrix
    }

    @Test("Each origin is pulled directly when the direct link is the fastest")
    func directWhenFastest() {
        var selector = PathSelector(node: "p")
        _ = selector.update(origins: ["s", "f"], matrix: self.matrix(), connected: ["s", "f"])
        #expect(selector.paths == ["s": "s", "f": "f"])
    }

    @Test("A cut direct link is replaced at once by a relay, and the direct path comes back after the heal")
    func relayAndBack() {
        var selector = PathSelector(node: "p")
        _ = selector.update(origins: ["s", "f"], matrix: self.matrix(), connected: ["s", "f"])
        let cut = selector.update(origins: ["s", "f"], matrix: self.matrix(cut: ("s", "p")), connected: ["f"])
        #expect(cut == [.init(origin: "s", from: "s", to: "f", cost: .milliseconds(266 + 195))])
        let healed = selector.update(origins: ["s", "f"], matrix: self.matrix(), connected: ["s", "f"])
        #expect(healed.map(\.to) == ["s"])
    }

    @Test("Small RTT changes do not flap a working path")
    func hysteresis() {
        var selector = PathSelector(node: "p")
        var matrix = self.matrix()
        _ = selector.update(origins: ["s"], matrix: matrix, connected: ["s", "f"])
        // The relay gets slightly better than direct (280 < 286), but not by 20% and 10 ms.
        matrix["p", "f"] = .milliseconds(100)
        matrix["f", "s"] = .milliseconds(180)
        #expect(selector.update(origins: ["s"], matrix: matrix, connected: ["s", "f"]).isEmpty)
        // Clearly better (150 vs 286): switch.
        matrix["f", "s"] = .milliseconds(50)
        #expect(selector.update(origins: ["s"], matrix: matrix, connected: ["s", "f"]).map(\.to) == ["f"])
    }

    @Test("With no working path an origin has none, rather than a dead one")
    func noPath() {
        var selector = PathSelector(node: "p")
        _ = selector.update(origins: ["s"], matrix: self.matrix(), connected: ["s"])
        let changes = selector.update(origins: ["s"], matrix: self.matrix(cut: ("s", "p")), connected: [])
        #expect(changes == [.init(origin: "s", from: "s", to: nil, cost: nil)])
    }
}
