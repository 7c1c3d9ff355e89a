import Testing

@testable import FanmeshClient

@Suite("Decoding the node's frames")
struct ServerFrameDecoderTests {
    static let msg =
        #"{"op":"msg","room":"show","id":"seoul-1:77","user":"u123","name":"Mina","text":"hi","ts":1795604520361,"region":"seoul","position":1043}"#

    static let hi = ChatMessage(
        room: "show",
        id: "seoul-1:77",
        user: "u123",
        name: "Mina",
        text: "hi",
        timestampMilliseconds: 1_795_604_520_361,
        region: "seoul",
        position: 1043
    )!

    @Test("A frame with one object gives one message")
    func singleObject() throws {
        let frame = try ServerFrameDecoder.decode(Self.msg)
        #expect(frame.messages == [.message(Self.hi)])
        #expect(frame.skipped.isEmpty)
    }

    @Test("A frame with an array gives its objects in order")
    func arrayInOrder() throws {
        let frame = try ServerFrameDecoder.decode(
            #" [{"op":"ack","nonce":"n1","id":"seoul-1:77","position":1043}, \#(Self.msg), {"op":"pong"}] "#
        )
        #expect(
            frame.messages == [.ack(nonce: "n1", id: "seoul-1:77", position: 1043), .message(Self.hi), .pong]
        )
    }

    @Test("Fields the client does not know are ignored")
    func unknownFieldsAreIgnored() throws {
        let frame = try ServerFrameDecoder.decode(
            #"{"op":"presence","room":"show","count":15231,"shard":7,"extra":{"nested":[1,2]}}"#
        )
        #expect(frame.messages == [.presence(room: "show", count: 15231)])
    }

    @Test("An object with an unknown op is skipped and the rest of its frame still counts")
    func unknownOpIsSkipped() throws {
        let frame = try ServerFrameDecoder.decode(#"[{"op":"confetti","room":"show"},{"op":"pong"}]"#)
        #expect(frame.messages == [.pong])
        #expect(frame.skipped == [.init(op: "confetti", reason: "unknown op")])
    }

    @Test(
        "Every op the node sends is decoded",
        arguments: [
            (
                #"{"op":"joined","room":"show","position":1042,"recovered":true,"count":15230,"history":[\#(msg)]}"#,
                ServerMessage.joined(
                    JoinedRoom(room: "show", position: 1042, recovered: true, count: 15230, history: [hi])
                )
            ),
            (msg, .message(hi)),
            (
                #"{"op":"ack","nonce":"n1","id":"seoul-1:77","position":1043}"#,
                .ack(nonce: "n1", id: "seoul-1:77", position: 1043)
            ),
            (#"{"op":"left","room":"show"}"#, .left(room: "show")),
            (#"{"op":"presence","room":"show","count":15231}"#, .presence(room: "show", count: 15231)),
            (#"{"op":"slow_mode","room":"show","seconds":10}"#, .slowMode(room: "show", seconds: 10)),
            (#"{"op":"pong"}"#, .pong),
            (
                #"{"op":"error","code":"rate_limited","message":"slow down","nonce":"n2"}"#,
                .error(code: "rate_limited", message: "slow down", nonce: "n2", room: nil)
            ),
            (
                #"{"op":"error","code":"forbidden","message":"not your room"}"#,
                .error(code: "forbidden", message: "not your room", nonce: nil, room: nil)
            ),
        ]
    )
    func everyOp(text: String, expected: ServerMessage) throws {
        #expect(try ServerFrameDecoder.decode(text).messages == [expected])
    }

    @Test("An ack without a position still answers its send")
    func ackWithoutPosition() throws {
        let frame = try ServerFrameDecoder.decode(#"{"op":"ack","nonce":"n1","id":"seoul-1:77"}"#)
        #expect(frame.messages == [.ack(nonce: "n1", id: "seoul-1:77", position: nil)])
    }

    @Test("History messages may leave out their room, and name defaults to the user")
    func historyDefaults() throws {
        let frame = try ServerFrameDecoder.decode(
            #"{"op":"joined","room":"show","position":5,"recovered":false,"count":2,"history":[{"id":"a:1","user":"u1","text":"x","ts":1,"region":"r","position":5}]}"#
        )
        guard case .joined(let joined) = frame.messages.first else {
            Issue.record("expected joined, got \(frame.messages)")
            return
        }
        #expect(joined.recovered == false)
        #expect(joined.history.map(\.room) == ["show"])
        #expect(joined.history.map(\.name) == ["u1"])
    }

    @Test("One bad history message is left out without losing the join")
    func badHistoryMessageIsSkipped() throws {
        let frame = try ServerFrameDecoder.decode(
            #"{"op":"joined","room":"show","position":6,"recovered":true,"count":2,"history":[{"id":"bad","user":"u1","text":"x","position":5},\#(Self.msg)]}"#
        )
        guard case .joined(let joined) = frame.messages.first else {
            Issue.record("expected joined, got \(frame.messages)")
            return
        }
        #expect(joined.history == [Self.hi])
        #expect(frame.skipped == [.init(op: "joined.history", reason: "id is not ORIGIN:SEQ")])
    }

    @Test(
        "An object missing a field its op needs, or with a wrongly typed one, is skipped with the reason",
        arguments: [
            (#"{"op":"msg","room":"show","id":"a:1","user":"u","text":"t"}"#, "missing or invalid position"),
            (
                #"{"op":"msg","room":"show","id":"a:1","user":"u","text":"t","position":"7"}"#,
                "missing or invalid position"
            ),
            (#"{"op":"ack","id":"a:1"}"#, "missing or invalid nonce"),
            (#"{"op":"presence","room":"show"}"#, "missing or invalid count"),
            (#"{"op":"joined","position":1}"#, "missing or invalid room"),
            (#"{"op":"error","message":"no code"}"#, "missing or invalid code"),
            (#"{"room":"show"}"#, "missing or invalid op"),
            (#"{"op":42}"#, "missing or invalid op"),
        ]
    )
    func malformedObjectIsSkipped(text: String, reason: String) throws {
        let frame = try ServerFrameDecoder.decode(text)
        #expect(frame.messages.isEmpty)
        #expect(frame.skipped.map(\.reason) == [reason])
    }

    @Test("A frame that is not a JSON object or array is refused", arguments: ["", "hello", "42", "[1,2]", "{"])
    func notJSON(text: String) {
        #expect(throws: ServerFrameDecoder.MalformedFrame.self) {
            try ServerFrameDecoder.decode(text)
        }
    }

    @Test(
        "A message id splits into origin and sequence at its last colon",
        arguments: [
            ("seoul-1:77", "seoul-1", UInt64(77)),
            ("eu:frankfurt-2:5", "eu:frankfurt-2", UInt64(5)),
        ]
    )
    func messageIDParts(id: String, origin: String, seq: UInt64) throws {
        let parts = try #require(ChatMessage.parse(id: id))
        #expect(parts.origin == origin)
        #expect(parts.seq == seq)
    }

    @Test("An id that is not ORIGIN:SEQ is refused", arguments: ["seoul", "seoul:", ":5", "seoul:x", "seoul:-1"])
    func badMessageID(id: String) {
        #expect(ChatMessage.parse(id: id) == nil)
    }
}
