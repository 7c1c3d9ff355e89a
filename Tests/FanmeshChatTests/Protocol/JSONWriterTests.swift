import FanmeshChat
import FanmeshTestSupport
import Foundation
import NIOCore
import Testing

@Suite("JSON writer")
struct JSONWriterTests {
    static func render(_ value: String) -> ByteBuffer {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("value", value)
        writer.endObject()
        return writer.buffer
    }

    static let strings: [String] = [
        "", "plain", #"say "hi""#, #"back\slash"#, #"\""#, "\\\\\"\"", "line\nbreak", "cr\r\n", "tab\t",
        "nul \u{0} end", "bell \u{7} vt \u{B} ff \u{C} esc \u{1B} us \u{1F}", "del \u{7F}", "안녕 🎤", "e\u{301}",
        "👨‍👩‍👧 🇰🇷", "\u{2028}\u{2029}", "</script>", "mid\u{FEFF}bom", "\u{10FFFF}", "/ slash",
        String((0..<32).map { Character(UnicodeScalar(UInt8($0))) }),
    ]

    @Test("A string parses back with Foundation to exactly itself", arguments: strings)
    func escapesRoundTrip(_ value: String) throws {
        let object = try ChatFixtures.object(Self.render(value))
        #expect(object["value"] as? String == value)
    }

    @Test(
        "Quotes, backslashes and control characters get the short or \\u escape",
        arguments: [
            ("\"", #"\""#), ("\\", #"\\"#), ("\n", #"\n"#), ("\r", #"\r"#), ("\t", #"\t"#), ("\u{0}", #"\u0000"#),
            ("\u{8}", #"\u0008"#), ("\u{C}", #"\u000c"#), ("\u{1F}", #"\u001f"#), ("é", "é"), ("\u{7F}", "\u{7F}"),
        ]
    )
    func exactEscapes(_ value: String, _ escaped: String) {
        #expect(ChatFixtures.string(Self.render(value)) == #"{"value":""# + escaped + #""}"#)
    }

    @Test("Every control character is escaped, so the output holds no raw byte below 0x20")
    func noRawControlBytes() {
        let value = String((0..<32).map { Character(UnicodeScalar(UInt8($0))) })
        #expect(Self.render(value).readableBytesView.allSatisfy { $0 >= 0x20 })
    }

    @Test("Keys are escaped like values")
    func keysEscaped() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("a\"b\n", 1)
        writer.endObject()
        let object = try ChatFixtures.object(writer.buffer)
        #expect(object["a\"b\n"] as? Int == 1)
    }

    @Test("Nested objects and arrays get commas only between members, keys in order")
    func nesting() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("op", "joined")
        writer.field("recovered", false)
        writer.beginArray(key: "history")
        writer.beginObject()
        writer.field("n", 1)
        writer.endObject()
        writer.beginObject()
        writer.endObject()
        writer.rawValue(ByteBuffer(string: #"{"raw":true}"#))
        writer.endArray()
        writer.beginArray(key: "empty")
        writer.endArray()
        writer.field("last", -5)
        writer.endObject()
        let text = ChatFixtures.string(writer.buffer)
        #expect(text == #"{"op":"joined","recovered":false,"history":[{"n":1},{},{"raw":true}],"empty":[],"last":-5}"#)
        #expect(try ChatFixtures.object(writer.buffer)["last"] as? Int == -5)
    }

    @Test("Integers are written in full at both ends of their range")
    func integers() {
        var writer = JSONWriter()
        writer.beginArray()
        writer.rawValue(ByteBuffer(string: "0"))
        writer.endArray()
        var fields = JSONWriter()
        fields.beginObject()
        fields.field("max", UInt64.max)
        fields.field("min", Int64.min)
        fields.field("zero", 0)
        fields.endObject()
        #expect(ChatFixtures.string(writer.buffer) == "[0]")
        #expect(
            ChatFixtures.string(fields.buffer) == #"{"max":18446744073709551615,"min":-9223372036854775808,"zero":0}"#
        )
    }

    @Test("Random strings of any scalars round-trip")
    func randomStrings() throws {
        var generator = SeededGenerator(seed: 0x150)
        for _ in 0..<500 {
            let scalars = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in
                let pick = UInt32.random(in: 0..<3, using: &generator)
                let range: ClosedRange<UInt32> = pick == 0 ? 0...0x7F : pick == 1 ? 0x80...0xD7FF : 0xE000...0x10FFFF
                return UnicodeScalar(UInt32.random(in: range, using: &generator))!
            }
            let value = String(String.UnicodeScalarView(scalars))
            let object = try ChatFixtures.object(Self.render(value))
            #expect(object["value"] as? String == value)
        }
    }
}
