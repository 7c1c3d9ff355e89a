import FanmeshCore
import Testing

@Suite("Room names")
struct RoomNameTests {
    static let good: [String] = [
        "a", "show", "Show-1", "stage_2.main", "artist:live", "0", "_", "-", ".", ":", "AZaz09_-.:",
        String(repeating: "x", count: 64),
    ]

    static let bad: [(String, String)] = [
        ("", "empty"), (String(repeating: "x", count: 65), "at most 64"), (" ", "byte 0x20"), ("the show", "byte 0x20"),
        ("show/1", "'/'"), ("show\n", "byte 0xa"), ("show\0", "byte 0x0"), ("röom", "byte 0xc3"),
        ("😀", "byte 0xf0"), ("show\u{7F}", "byte 0x7f"), ("a+b", "'+'"), ("#show", "'#'"), ("쇼", "byte 0xec"),
        (String(repeating: "é", count: 32), "byte 0xc3"), (String(repeating: "é", count: 33), "at most 64"),
    ]

    @Test("A name of 1–64 letters, digits and _ - . : is valid", arguments: good)
    func acceptsGood(_ name: String) {
        #expect(RoomName.problem(name) == nil)
    }

    @Test("Any other name is refused with what is wrong", arguments: bad)
    func refusesBad(_ name: String, _ mention: String) throws {
        let problem = try #require(RoomName.problem(name))
        #expect(problem.contains(mention), "\(problem)")
    }
}
