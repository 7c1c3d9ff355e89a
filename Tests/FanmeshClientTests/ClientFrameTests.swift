import Foundation
import Testing

@testable import FanmeshClient

@Suite("Encoding the client's frames")
struct ClientFrameTests {
    @Test(
        "Each request encodes as the protocol spells it",
        arguments: [
            (ClientFrame.join(room: "show", since: nil), #"{"op":"join","room":"show"}"#),
            (.join(room: "show", since: 1043), #"{"op":"join","room":"show","since":1043}"#),
            (.send(room: "show", text: "hi", nonce: "n1"), #"{"nonce":"n1","op":"send","room":"show","text":"hi"}"#),
            (.leave(room: "show"), #"{"op":"leave","room":"show"}"#),
            (.ping, #"{"op":"ping"}"#),
        ]
    )
    func encodes(frame: ClientFrame, json: String) {
        #expect(frame.encoded() == json)
    }

    @Test("Text with quotes, newlines and emoji survives encoding")
    func textIsEscaped() throws {
        let text = "she said \"hi\"\nback/slash \\ 🎤 한국어"
        let encoded = ClientFrame.send(room: "show", text: text, nonce: "n1").encoded()
        // Decode it back the way a node would see it, through the client's own lenient reader.
        let echoed = encoded.replacingOccurrences(of: #""op":"send""#, with: #""op":"msg""#)
            .replacingOccurrences(of: #""nonce":"n1""#, with: #""id":"a:1","user":"u","position":1"#)
        let frame = try ServerFrameDecoder.decode(echoed)
        guard case .message(let message) = frame.messages.first else {
            Issue.record("expected msg, got \(frame)")
            return
        }
        #expect(message.text == text)
    }
}
