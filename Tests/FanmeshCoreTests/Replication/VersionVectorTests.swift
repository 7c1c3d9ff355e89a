import Testing

@testable import FanmeshCore

@Suite("Version vectors")
struct VersionVectorTests {
    @Test("Merging takes each origin's maximum and never lowers one")
    func mergeTakesMaximum() {
        var mine = VersionVector(["seoul-1": 5, "frankfurt-1": 9])
        mine.merge(VersionVector(["seoul-1": 7, "frankfurt-1": 2, "saopaulo-1": 1]))
        #expect(mine == VersionVector(["seoul-1": 7, "frankfurt-1": 9, "saopaulo-1": 1]))
    }

    @Test("An origin it does not mention is at zero, and zero is not stored")
    func absentIsZero() {
        var vector = VersionVector(["seoul-1": 0])
        #expect(vector["seoul-1"] == 0)
        #expect(vector.origins.isEmpty)
        vector["tokyo-1"] = 3
        vector["tokyo-1"] = 0
        #expect(vector.sequences.isEmpty)
    }

    @Test("Dominates means it has applied everything the other has")
    func dominates() {
        let ahead = VersionVector(["a": 3, "b": 4])
        #expect(ahead.dominates(VersionVector(["a": 3])))
        #expect(!ahead.dominates(VersionVector(["a": 3, "c": 1])))
        #expect(ahead.merging(VersionVector(["c": 1])).dominates(VersionVector(["a": 3, "c": 1])))
    }
}
