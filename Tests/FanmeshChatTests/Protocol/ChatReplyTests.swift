import FanmeshChat
import FanmeshCore
import Foundation
import NIOCore
import Testing

@Suite("Replies to fans")
struct ChatReplyTests {
    /// Checks `object` is a `msg` for `stored`, field by field as `docs/protocol.md` gives them.
    static func expectMessage(_ object: [String: Any], is stored: StoredMessage) {
        let message = stored.message
        #expect(Set(object.keys) == ["op", "room", "id", "user", "name", "text", "ts", "region", "position"])
        #expect(object["op"] as? String == "msg")
        #expect(object["room"] as? String == message.room)
        #expect(object["id"] as? String == message.id.description)
        #expect(object["user"] as? String == message.user)
        #expect(object["name"] as? String == message.name)
        #expect(object["text"] as? String == message.text)
        #expect((object["ts"] as? NSNumber)?.uint64Value == message.time.milliseconds)
        #expect(object["region"] as? String == message.region)
        #expect((object["position"] as? NSNumber)?.uint64Value == stored.position)
    }

    @Test("One message is a msg object whose ts is the HLC's milliseconds, not its raw value")
    func oneMessage() throws {
        var stored = ChatFixtures.stored(1043, text: "hi \"there\"\n🎤")
        stored.message.time = .init(milliseconds: 1_795_604_520_361, counter: 9)
        let object = try ChatFixtures.object(ChatReply.messages([stored]))
        Self.expectMessage(object, is: stored)
        #expect((object["ts"] as? NSNumber)?.int64Value == 1_795_604_520_361)
    }

    @Test("Several messages are an array of msg objects in order")
    func severalMessages() throws {
        let stored = (1...3).map { ChatFixtures.stored($0) }
        let objects = try #require(try ChatFixtures.json(ChatReply.messages(stored)) as? [[String: Any]])
        #expect(objects.count == 3)
        for (object, message) in zip(objects, stored) { Self.expectMessage(object, is: message) }
    }

    @Test("joined carries room, position, recovered, count and the history in order")
    func joined() throws {
        let history = (41...42).map { ChatFixtures.stored($0) }
        let buffer = ChatReply.joined(room: "show", position: 42, recovered: false, count: 15_230, history: history)
        let object = try ChatFixtures.object(buffer)
        #expect(Set(object.keys) == ["op", "room", "position", "recovered", "count", "history"])
        #expect(object["op"] as? String == "joined")
        #expect(object["room"] as? String == "show")
        #expect((object["position"] as? NSNumber)?.uint64Value == 42)
        #expect(ChatFixtures.string(buffer).contains(#""recovered":false"#))
        #expect((object["count"] as? NSNumber)?.intValue == 15_230)
        let objects = try #require(object["history"] as? [[String: Any]])
        #expect(objects.count == 2)
        for (object, message) in zip(objects, history) { Self.expectMessage(object, is: message) }
    }

    @Test("joined with no history has an empty array")
    func joinedEmpty() throws {
        let buffer = ChatReply.joined(room: "show", position: 0, recovered: true, count: 1, history: [])
        #expect(
            ChatFixtures.string(buffer)
                == #"{"op":"joined","room":"show","position":0,"recovered":true,"count":1,"history":[]}"#
        )
    }

    @Test("ack echoes the nonce with the message id and position")
    func ack() throws {
        let buffer = ChatReply.ack(nonce: "n\"1", id: MessageID(origin: "seoul-1", sequence: 77), position: 1043)
        let object = try ChatFixtures.object(buffer)
        #expect(Set(object.keys) == ["op", "nonce", "id", "position"])
        #expect(object["op"] as? String == "ack")
        #expect(object["nonce"] as? String == "n\"1")
        #expect(object["id"] as? String == "seoul-1:77")
        #expect((object["position"] as? NSNumber)?.uint64Value == 1043)
    }

    @Test(
        "error carries the wire code, the message and the nonce when there is one",
        arguments: [
            (ChatError.Code.badRequest, "bad_request"), (.tooLong, "too_long"), (.rateLimited, "rate_limited"),
            (.slowMode, "slow_mode"), (.forbidden, "forbidden"), (.unavailable, "unavailable"), (.internal, "internal"),
        ]
    )
    func error(_ code: ChatError.Code, _ wire: String) throws {
        let withNonce = try ChatFixtures.object(ChatReply.error(ChatError(code, "wait \"1.5 s\"", nonce: "n2")))
        #expect(Set(withNonce.keys) == ["op", "code", "message", "nonce"])
        #expect(withNonce["op"] as? String == "error")
        #expect(withNonce["code"] as? String == wire)
        #expect(withNonce["message"] as? String == "wait \"1.5 s\"")
        #expect(withNonce["nonce"] as? String == "n2")
        let withoutNonce = try ChatFixtures.object(ChatReply.error(ChatError(code, "x")))
        #expect(Set(withoutNonce.keys) == ["op", "code", "message"])
    }

    @Test("presence, slow_mode, left and pong have exactly their fields")
    func notices() throws {
        let presence = try ChatFixtures.object(ChatReply.presence(room: "show", count: 15_231))
        #expect(presence["op"] as? String == "presence" && presence["room"] as? String == "show")
        #expect((presence["count"] as? NSNumber)?.intValue == 15_231 && presence.count == 3)
        let slowMode = try ChatFixtures.object(ChatReply.slowMode(room: "show", seconds: 10))
        #expect(slowMode["op"] as? String == "slow_mode" && slowMode["room"] as? String == "show")
        #expect((slowMode["seconds"] as? NSNumber)?.intValue == 10 && slowMode.count == 3)
        #expect(ChatFixtures.string(ChatReply.left(room: "show")) == #"{"op":"left","room":"show"}"#)
        #expect(ChatFixtures.string(ChatReply.pong) == #"{"op":"pong"}"#)
    }
}
