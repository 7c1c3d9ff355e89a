import FanmeshChat
import Testing

@Suite("Requests from fans")
struct ChatRequestTests {
    static func decode(_ text: String) -> [Result<ChatRequest, ChatError>] {
        ChatRequest.decode(frame: Array(text.utf8))
    }

    static let good: [(String, ChatRequest)] = [
        (#"{"op":"join","room":"show"}"#, .join(room: "show", since: nil)),
        (#"{"op":"join","room":"show","since":null}"#, .join(room: "show", since: nil)),
        (#"{"op":"join","room":"show","since":0}"#, .join(room: "show", since: 0)),
        (#"{"op":"join","room":"show","since":1042}"#, .join(room: "show", since: 1042)),
        (#"{"op":"join","room":"show","since":1042.0}"#, .join(room: "show", since: 1042)),
        (#"{"since":7,"room":"a:b.c_d-e","op":"join"}"#, .join(room: "a:b.c_d-e", since: 7)),
        (#"{"op":"send","room":"show","text":"hi","nonce":"n1"}"#, .send(room: "show", text: "hi", nonce: "n1")),
        (#"{"op":"send","room":"show","text":"","nonce":"n"}"#, .send(room: "show", text: "", nonce: "n")),
        (
            #"{"op":"send","room":"show","text":"\u00e9 \"q\" 🎤","nonce":"é"}"#,
            .send(room: "show", text: "é \"q\" 🎤", nonce: "é")
        ),
        (
            #"{"op":"send","room":"show","text":"t","nonce":""# + String(repeating: "n", count: 64) + #""}"#,
            .send(room: "show", text: "t", nonce: String(repeating: "n", count: 64))
        ),
        (#"{"op":"leave","room":"show"}"#, .leave(room: "show")),
        (#"{"op":"ping"}"#, .ping),
        (#"{"op":"ping","extra":{"ignored":[1,2]}}"#, .ping),
        (#" {"op":"ping"} "#, .ping),
        (#"{"op":"slow_mode","room":"show","seconds":10}"#, .setSlowMode(room: "show", seconds: 10)),
        (#"{"op":"slow_mode","room":"show","seconds":0}"#, .setSlowMode(room: "show", seconds: 0)),
        (#"{"op":"slow_mode","room":"show","seconds":3600}"#, .setSlowMode(room: "show", seconds: 3600)),
    ]

    @Test("Each op decodes to its request", arguments: good)
    func decodesGood(_ text: String, _ request: ChatRequest) {
        #expect(Self.decode(text) == [.success(request)])
    }

    @Test("An array decodes to its requests in order, bad elements in place")
    func arrays() {
        let results = Self.decode(#"[{"op":"ping"},{"op":"nope","nonce":"n3"},{"op":"leave","room":"show"},7]"#)
        #expect(results.count == 4)
        #expect(results[0] == .success(.ping))
        #expect(results[2] == .success(.leave(room: "show")))
        guard case .failure(let unknown) = results[1], case .failure(let notObject) = results[3] else {
            Issue.record("expected failures at 1 and 3, got \(results)")
            return
        }
        #expect(unknown.code == .badRequest && unknown.nonce == "n3")
        #expect(notObject.code == .badRequest && notObject.nonce == nil)
    }

    static let longNonce = String(repeating: "n", count: 65)

    /// Frames or elements that are refused: the text, the nonce the error must carry, and a word of its message.
    static let bad: [(String, String?, String)] = [
        ("", nil, "not valid JSON"),
        ("{", nil, "not valid JSON"),
        ("nope", nil, "not valid JSON"),
        (#"{"op":"ping"} {"op":"ping"}"#, nil, "not valid JSON"),
        ("[]", nil, "empty array"),
        ("42", nil, "JSON object"),
        (#""ping""#, nil, "JSON object"),
        ("null", nil, "JSON object"),
        ("[[]]", nil, "JSON object"),
        ("{}", nil, "missing \"op\""),
        (#"{"op":5}"#, nil, "missing \"op\""),
        (#"{"op":null,"nonce":"n"}"#, "n", "missing \"op\""),
        (#"{"op":"dance","nonce":"n9"}"#, "n9", "unknown op \"dance\""),
        (#"{"op":"JOIN","room":"show"}"#, nil, "unknown op"),
        (#"{"op":"dance","nonce":5}"#, nil, "unknown op"),
        (#"{"op":"join"}"#, nil, "missing \"room\""),
        (#"{"op":"join","room":5,"nonce":"n"}"#, "n", "missing \"room\""),
        (#"{"op":"join","room":["show"]}"#, nil, "missing \"room\""),
        (#"{"op":"join","room":""}"#, nil, "empty"),
        (#"{"op":"join","room":"the show"}"#, nil, "byte 0x20"),
        (#"{"op":"join","room":"쇼"}"#, nil, "only letters"),
        (#"{"op":"join","room":""# + String(repeating: "r", count: 65) + #""}"#, nil, "at most 64"),
        (#"{"op":"join","room":"show","since":"5"}"#, nil, "\"since\""),
        (#"{"op":"join","room":"show","since":-1}"#, nil, "\"since\""),
        (#"{"op":"join","room":"show","since":1.5}"#, nil, "\"since\""),
        (#"{"op":"join","room":"show","since":1e30}"#, nil, "\"since\""),
        (#"{"op":"join","room":"show","since":true}"#, nil, "\"since\""),
        (#"{"op":"join","room":"show","since":{}}"#, nil, "\"since\""),
        (#"{"op":"send","room":"show","nonce":"n1"}"#, "n1", "\"text\""),
        (#"{"op":"send","room":"show","text":5,"nonce":"n1"}"#, "n1", "\"text\""),
        (#"{"op":"send","room":"show","text":"hi"}"#, nil, "\"nonce\""),
        (#"{"op":"send","room":"show","text":"hi","nonce":""}"#, "", "\"nonce\""),
        (#"{"op":"send","room":"show","text":"hi","nonce":7}"#, nil, "\"nonce\""),
        (#"{"op":"send","room":"show","text":"hi","nonce":""# + longNonce + #""}"#, longNonce, "at most 64 bytes"),
        (
            #"{"op":"send","room":"show","text":"hi","nonce":""# + String(repeating: "é", count: 33) + #""}"#,
            String(repeating: "é", count: 33), "at most 64 bytes"
        ),
        (#"{"op":"send","room":"no room","text":"hi","nonce":"n4"}"#, "n4", "byte 0x20"),
        (#"{"op":"leave"}"#, nil, "missing \"room\""),
        (#"{"op":"slow_mode","room":"show"}"#, nil, "\"seconds\""),
        (#"{"op":"slow_mode","room":"show","seconds":-1}"#, nil, "\"seconds\""),
        (#"{"op":"slow_mode","room":"show","seconds":3601}"#, nil, "\"seconds\""),
        (#"{"op":"slow_mode","room":"show","seconds":1.5}"#, nil, "\"seconds\""),
        (#"{"op":"slow_mode","room":"show","seconds":"10"}"#, nil, "\"seconds\""),
        (#"{"op":"slow_mode","room":"show","seconds":true}"#, nil, "\"seconds\""),
        (#"{"op":"slow_mode","seconds":10}"#, nil, "missing \"room\""),
    ]

    @Test("Malformed, incomplete or wrongly typed requests get bad_request, keeping the nonce", arguments: bad)
    func refusesBad(_ text: String, _ nonce: String?, _ mention: String) throws {
        let results = Self.decode(text)
        #expect(results.count == 1)
        guard case .failure(let error) = try #require(results.first) else {
            Issue.record("accepted \(text) as \(results)")
            return
        }
        #expect(error.code == .badRequest)
        #expect(error.nonce == nonce)
        #expect(error.message.contains(mention), "\(error.message)")
    }

    @Test("Bytes that are not UTF-8 are malformed JSON")
    func notUTF8() {
        let results = ChatRequest.decode(frame: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D])
        #expect(results.count == 1)
        #expect((try? results[0].get()) == nil)
    }

    @Test("Deeply nested arrays are refused, not recursed into")
    func deepNesting() {
        let depth = 16_000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let results = Self.decode(text)
        #expect(results.count == 1)
        guard case .failure(let error) = results.first else {
            Issue.record("accepted \(depth) nested arrays")
            return
        }
        #expect(error.code == .badRequest)
    }

    @Test("An unknown op is quoted at most 32 characters long")
    func longUnknownOp() throws {
        let op = String(repeating: "x", count: 1_000)
        let results = Self.decode(#"{"op":""# + op + #"","nonce":"n"}"#)
        guard case .failure(let error) = try #require(results.first) else {
            Issue.record("accepted an unknown op")
            return
        }
        #expect(error.message.contains(String(repeating: "x", count: 32) + "\""))
        #expect(!error.message.contains(String(repeating: "x", count: 33)))
        #expect(error.nonce == "n")
    }
}
