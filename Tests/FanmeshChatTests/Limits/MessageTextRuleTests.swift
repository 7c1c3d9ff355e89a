import FanmeshChat
import Testing

@Suite("Message text length")
struct MessageTextRuleTests {
    /// Text, byte limit, grapheme limit, and the refusal's code (nil when allowed) with a word of its message.
    static let cases: [(String, Int, Int, ChatError.Code?, String)] = [
        ("", 100, 100, .badRequest, "empty"),
        ("abc", 3, 3, nil, ""),
        ("abcd", 3, 10, .tooLong, "4 bytes"),
        ("abcd", 10, 3, .tooLong, "4 characters"),
        ("👍👍", 8, 2, nil, ""),
        ("👍👍", 7, 2, .tooLong, "8 bytes"),
        ("👍👍👍", 100, 2, .tooLong, "3 characters"),
        ("👨‍👩‍👧", 18, 1, nil, ""),
        ("👨‍👩‍👧", 17, 1, .tooLong, "18 bytes"),
        ("🇰🇷🇯🇵", 16, 2, nil, ""),
        ("🇰🇷🇯🇵🇺🇸", 100, 2, .tooLong, "3 characters"),
        (String(repeating: "e\u{301}", count: 3), 9, 3, nil, ""),
        (String(repeating: "e\u{301}", count: 4), 100, 3, .tooLong, "4 characters"),
        (String(repeating: "e\u{301}", count: 4), 11, 100, .tooLong, "12 bytes"),
        ("a" + String(repeating: "\u{301}", count: 50), 2_048, 1, nil, ""),
        ("안녕하세요", 15, 5, nil, ""),
        ("안녕하세요", 14, 5, .tooLong, "15 bytes"),
        ("\r\n", 2, 1, nil, ""),
        (String(repeating: "x", count: 2_048), 2_048, 2_048, nil, ""),
        (String(repeating: "x", count: 2_049), 2_048, 5_000, .tooLong, "2049 bytes"),
    ]

    @Test("Text is checked in UTF-8 bytes and in grapheme clusters", arguments: cases)
    func check(_ text: String, _ maxBytes: Int, _ maxGraphemes: Int, _ code: ChatError.Code?, _ mention: String) {
        let refusal = MessageTextRule(maxBytes: maxBytes, maxGraphemes: maxGraphemes).check(text)
        #expect(refusal?.code == code)
        if let refusal { #expect(refusal.message.contains(mention), "\(refusal.message)") }
    }
}
