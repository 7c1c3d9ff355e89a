import FanmeshChat
import Foundation
import Testing

@Suite("Refusal answers")
struct AuthRefusalTests {
    @Test(
        "The body is the protocol's JSON, escaped, error first",
        arguments: [
            "plain", #"quote " and backslash \ "#, "line\nbreak\ttab", "control \u{1}", "유니코드 🎤", "</script>",
        ]
    )
    func jsonBody(_ message: String) throws {
        let refusal = AuthRefusal(.malformed, message)
        let body = refusal.jsonBody
        #expect(body.hasPrefix(#"{"error":"unauthorized","message":"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String])
        #expect(object == ["error": "unauthorized", "message": message])
    }

    @Test("Every refusal carries the code unauthorized")
    func code() {
        #expect(AuthRefusal(.expired, "x").code == "unauthorized")
        #expect(AuthRefusal(.expired, "x").description == "unauthorized: x")
    }
}
