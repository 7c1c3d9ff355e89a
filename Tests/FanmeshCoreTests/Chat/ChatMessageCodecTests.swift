import FanmeshCore
import NIOCore
import Testing

@Suite("Chat message records")
struct ChatMessageCodecTests {
    static func message(
        origin: String = "seoul-1",
        sequence: UInt64 = 77,
        room: String = "show",
        user: String = "u123",
        name: String = "Mina",
        text: String = "hi",
        region: String = "seoul"
    ) -> ChatMessage {
        ChatMessage(
            id: MessageID(origin: origin, sequence: sequence),
            time: .init(milliseconds: 1_795_604_520_361, counter: 3),
            room: room,
            user: user,
            name: name,
            text: text,
            region: region
        )
    }

    static let messages: [ChatMessage] = [
        message(),
        message(text: "안녕하세요 🎤🎶 e\u{301} 👨‍👩‍👧 🇰🇷 \u{202E}rtl\u{202C}", region: "서울"),
        message(origin: "", sequence: 0, room: "", user: "", name: "", text: "", region: ""),
        message(text: #"quote " backslash \ nul "# + "\u{0} newline \n"),
        message(sequence: .max, text: String(repeating: "long text ", count: 20_000)),
        ChatMessage(
            id: MessageID(origin: "n", sequence: 1),
            time: .init(rawValue: .max),
            room: "r",
            user: "u",
            name: "n",
            text: "t",
            region: "g"
        ),
    ]

    @Test("A record decodes to the message it was encoded from", arguments: messages)
    func roundTrip(_ message: ChatMessage) throws {
        var buffer = message.encoded
        #expect(try ChatMessage(decoding: &buffer) == message)
        #expect(buffer.readableBytes == 0)
    }

    @Test("The layout is version, sequence, time, then six length-prefixed fields")
    func layout() {
        let message = Self.message(origin: "o", sequence: 2, room: "r", user: "u", name: "n", text: "t", region: "g")
        var expected: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 0, 2]
        expected += withUnsafeBytes(of: message.time.rawValue.bigEndian, Array.init)
        for field in ["o", "r", "u", "n", "t", "g"] { expected += [0, 0, 0, 1] + Array(field.utf8) }
        #expect(Array(message.encoded.readableBytesView) == expected)
    }

    @Test("Records written one after another decode one at a time")
    func consecutiveRecords() throws {
        var buffer = ByteBuffer()
        let first = Self.message(sequence: 1, text: "one")
        let second = Self.message(sequence: 2, text: "two")
        first.encode(into: &buffer)
        second.encode(into: &buffer)
        #expect(try ChatMessage(decoding: &buffer) == first)
        #expect(try ChatMessage(decoding: &buffer) == second)
        #expect(buffer.readableBytes == 0)
    }

    @Test("Every truncation of a record is refused, naming the field cut short")
    func everyTruncationFails() {
        let bytes = Array(Self.message(text: "안녕 🎤").encoded.readableBytesView)
        let fields = ["version", "sequence", "time", "origin", "room", "user", "name", "text", "region"]
        for length in 0..<bytes.count {
            var buffer = ByteBuffer(bytes: bytes[..<length])
            do {
                let message = try ChatMessage(decoding: &buffer)
                Issue.record("a record cut at \(length) of \(bytes.count) bytes decoded as \(message)")
            } catch {
                #expect(fields.contains(error.field), "\(error)")
            }
        }
    }

    @Test(
        "Bytes that are not a record are refused with a clear error",
        arguments: [
            ([UInt8](), "version", "record is empty"),
            ([2], "version", "unknown record version 2"),
            ([0] + [UInt8](repeating: 0, count: 40), "version", "unknown record version 0"),
            ([1, 0, 0], "sequence", "truncated"),
            ([1] + [UInt8](repeating: 0, count: 16) + [0xFF, 0xFF, 0xFF, 0xFF, 0x61], "origin", "runs past"),
            ([1] + [UInt8](repeating: 0, count: 16) + [0, 0], "origin", "truncated length"),
        ]
    )
    func refusesGarbage(_ bytes: [UInt8], _ field: String, _ problem: String) {
        var buffer = ByteBuffer(bytes: bytes)
        do {
            let message = try ChatMessage(decoding: &buffer)
            Issue.record("decoded \(message)")
        } catch {
            #expect(error.field == field)
            #expect(error.problem.contains(problem), "\(error.problem)")
            #expect(error.description.hasPrefix("chat message record: \(field): "))
        }
    }
}
