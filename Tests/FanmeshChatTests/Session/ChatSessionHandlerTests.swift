import FanmeshChat
import Foundation
import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing

@Suite("Chat session")
struct ChatSessionHandlerTests {
    static func seedShow(_ log: ChatLog) async throws {
        try await log.appendAll((1...3).map { TemporaryChatLog.draft("show", text: "old\($0)", user: "u0") })
    }

    static func positions(_ object: [String: Any]) -> [Int] {
        (object["history"] as? [[String: Any]] ?? []).compactMap { $0["position"] as? Int }
    }

    @Test("ping gets pong")
    func ping() async throws {
        try await SessionHarness.with { session in
            try await session.send(#"{"op":"ping"}"#)
            try await session.waitFor(op: "pong")
        }
    }

    @Test("join gets joined with the latest history, its head and the member count")
    func join() async throws {
        try await SessionHarness.with(prepare: Self.seedShow) { session in
            try await session.send(#"{"op":"join","room":"show"}"#)
            let joined = try #require(try await session.waitFor(op: "joined").first)
            #expect(joined["room"] as? String == "show")
            #expect(joined["position"] as? Int == 3)
            #expect(joined["recovered"] as? Bool == true)
            #expect(joined["count"] as? Int == 1)
            #expect(Self.positions(joined) == [1, 2, 3])
            let history = joined["history"] as? [[String: Any]] ?? []
            #expect(history.map { $0["text"] as? String } == ["old1", "old2", "old3"])
        }
    }

    @Test("join with since replays only what was missed")
    func joinSince() async throws {
        try await SessionHarness.with(prepare: Self.seedShow) { session in
            try await session.send(#"{"op":"join","room":"show","since":1}"#)
            let joined = try #require(try await session.waitFor(op: "joined").first)
            #expect(joined["recovered"] as? Bool == true)
            #expect(Self.positions(joined) == [2, 3])
        }
    }

    @Test("send after join gets an ack with the nonce, and the message comes back as msg")
    func sendGetsAck() async throws {
        try await SessionHarness.with(prepare: Self.seedShow) { session in
            try await session.send(#"{"op":"join","room":"show"}"#)
            try await session.waitFor(op: "joined")
            try await session.send(#"{"op":"send","room":"show","text":"hi 🎤","nonce":"n1"}"#)
            let ack = try #require(try await session.waitFor(op: "ack").first)
            #expect(ack["nonce"] as? String == "n1")
            #expect(ack["id"] as? String == "seoul-1:4")
            #expect(ack["position"] as? Int == 4)
            let message = try #require(try await session.waitFor(op: "msg").first)
            #expect(message["text"] as? String == "hi 🎤")
            #expect(message["user"] as? String == "u1" && message["name"] as? String == "Mina")
            #expect(message["position"] as? Int == 4 && message["id"] as? String == "seoul-1:4")
            #expect(session.hub.log.lastSequence == 4)
        }
    }

    @Test("send to a room not joined gets bad_request with its nonce and stores nothing")
    func sendBeforeJoin() async throws {
        try await SessionHarness.with { session in
            try await session.send(#"{"op":"send","room":"show","text":"hi","nonce":"n2"}"#)
            let error = try #require(try await session.waitFor(op: "error").first)
            #expect(error["code"] as? String == "bad_request")
            #expect(error["nonce"] as? String == "n2")
            #expect(session.hub.log.lastSequence == 0)
        }
    }

    @Test(
        "A send with text too long or empty gets an error with its nonce and stores nothing",
        arguments: [(String(repeating: "x", count: 21), "too_long"), ("", "bad_request")]
    )
    func refusedText(_ text: String, _ code: String) async throws {
        try await SessionHarness.with(configure: { $0.maxMessageBytes = 20 }) { session in
            try await session.send(#"{"op":"join","room":"show"}"#)
            try await session.waitFor(op: "joined")
            try await session.send(#"{"op":"send","room":"show","text":""# + text + #"","nonce":"n2"}"#)
            let error = try #require(try await session.waitFor(op: "error").first)
            #expect(error["code"] as? String == code)
            #expect(error["nonce"] as? String == "n2")
            #expect(session.hub.log.lastSequence == 0)
        }
    }

    @Test("A user over the rate limit gets rate_limited; the connection stays up")
    func rateLimited() async throws {
        try await SessionHarness.with(configure: { $0.rateMessages = 1 }) { session in
            try await session.send(#"{"op":"join","room":"show"}"#)
            try await session.waitFor(op: "joined")
            try await session.send(
                #"[{"op":"send","room":"show","text":"a","nonce":"1"},{"op":"send","room":"show","text":"b","nonce":"2"}]"#
            )
            let error = try #require(try await session.waitFor(op: "error").first)
            #expect(error["code"] as? String == "rate_limited" && error["nonce"] as? String == "2")
            try await session.waitFor(op: "ack")
            #expect(session.channel.isActive)
        }
    }

    @Test("An array frame gets its answers in order")
    func arrayInOrder() async throws {
        try await SessionHarness.with { session in
            try await session.send(#"[{"op":"ping"},{"op":"leave","room":"show"},{"op":"dance","nonce":"n"}]"#)
            try await waitUntil("three answers") {
                try await session.readFrames()
                return try session.objects().count == 3
            }
            #expect(try session.objects().map { $0["op"] as? String } == ["pong", "left", "error"])
        }
    }

    @Test("A binary frame gets bad_request and the connection stays up")
    func binaryFrame() async throws {
        try await SessionHarness.with { session in
            try await session.send(bytes: [0x7B, 0x7D], opcode: .binary)
            let error = try #require(try await session.waitFor(op: "error").first)
            #expect(error["code"] as? String == "bad_request")
            #expect(session.channel.isActive)
            try await session.send(#"{"op":"ping"}"#)
            try await session.waitFor(op: "pong")
        }
    }

    @Test("A text frame that is not UTF-8 closes the connection with 1007")
    func invalidUTF8() async throws {
        try await SessionHarness.with { session in
            try await session.send(bytes: [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D])
            #expect(try await session.waitForClose().code == .dataInconsistentWithMessage)
            #expect(session.frames.last?.opcode == .connectionClose)
            try await waitUntil("the channel closes") { !session.channel.isActive }
        }
    }

    @Test("A frame without a mask closes the connection with 1002")
    func unmaskedFrame() async throws {
        try await SessionHarness.with { session in
            try await session.send(bytes: Array(#"{"op":"ping"}"#.utf8), masked: false)
            #expect(try await session.waitForClose().code == .protocolError)
            #expect(try session.objects(op: "pong").isEmpty)
            try await waitUntil("the channel closes") { !session.channel.isActive }
        }
    }

    @Test("slow_mode from a fan who is not a moderator is forbidden")
    func slowModeForbidden() async throws {
        try await SessionHarness.with { session in
            try await session.send(#"{"op":"slow_mode","room":"show","seconds":10}"#)
            let error = try #require(try await session.waitFor(op: "error").first)
            #expect(error["code"] as? String == "forbidden")
            #expect(session.hub.existingRoom("show")?.slowModeInterval ?? .zero == .zero)
        }
    }
}
