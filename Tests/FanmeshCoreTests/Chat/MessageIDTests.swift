import FanmeshCore
import Testing

@Suite("Message ids")
struct MessageIDTests {
    static let good: [(String, String, UInt64)] = [
        ("seoul-1:77", "seoul-1", 77), ("a:0", "a", 0), ("tokyo.edge_2:1", "tokyo.edge_2", 1),
        ("n:18446744073709551615", "n", .max), ("서울:5", "서울", 5),
    ]

    static let bad: [String] = [
        "", ":", ":5", "seoul", "seoul:", "seoul:-1", "seoul:+1", "seoul:007", "seoul: 1", "seoul:1 ", "seoul:1.0",
        "seoul:0x10", "seoul:1e3", "seoul:18446744073709551616", "seoul:１", "seoul:seven", "seoul:1_000",
    ]

    @Test("An id parses into origin and sequence and prints back the same text", arguments: good)
    func roundTrip(_ text: String, _ origin: String, _ sequence: UInt64) throws {
        let id = try #require(MessageID(parsing: text))
        #expect(id == MessageID(origin: origin, sequence: sequence))
        #expect(id.description == text)
    }

    @Test("Text that is not ORIGIN:SEQ in its one canonical form does not parse", arguments: bad)
    func rejectsBad(_ text: String) {
        #expect(MessageID(parsing: text) == nil)
    }

    @Test("The last colon splits origin from sequence")
    func lastColonSplits() {
        #expect(MessageID(parsing: "a:b:3") == MessageID(origin: "a:b", sequence: 3))
    }

    @Test("Printing then parsing gives back every id", arguments: [UInt64(0), 1, 9, 10, 77, 1 << 40, .max])
    func printThenParse(_ sequence: UInt64) {
        let id = MessageID(origin: "seoul-1", sequence: sequence)
        #expect(MessageID(parsing: id.description) == id)
    }

    @Test("Ids order by origin, then by sequence as a number")
    func ordering() {
        #expect(MessageID(origin: "a", sequence: 9) < MessageID(origin: "a", sequence: 10))
        #expect(MessageID(origin: "a", sequence: 99) < MessageID(origin: "b", sequence: 1))
    }
}
