import FanmeshChat
import Foundation
import Testing

@Suite("Chat tokens from hostile clients")
struct ChatAuthenticatorHostileInputTests {
    /// HS256 with ``AuthFixture/hs256Key``: `{"sub":"u1","name":"Mina","exp":4102444800,"mod":true,"rooms":["show"]}`.
    static let valid =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
        + ".eyJzdWIiOiJ1MSIsIm5hbWUiOiJNaW5hIiwiZXhwIjo0MTAyNDQ0ODAwLCJtb2QiOnRydWUsInJvb21zIjpbInNob3ciXX0"
        + ".BjCLV8Z9t4TiPJeBJBvYrqa3A47rvdGoCI8E2BR-pFs"

    static let garbage: [String] =
        [
            " ", "a", "null", "Bearer", ".", "..", "...", "....", "a.b", "a.b.c", "a.b.c.d", "..c", "a..", ".b.",
            "eyJ.eyJ.sig", "eyJhbGciOiJIUzI1NiJ9..", "eyJhbGciOiJIUzI1NiJ9.e30.", "=.=.=", "e30=.e30=.e30=",
            "🎤.🎤.🎤", "\u{0}.\u{0}.\u{0}", "a\nb.c.d", "%00.%00.%00", "e30.e30.e30", "W10.W10.W10", "bnVsbA.bnVsbA.",
            // A header of 3,000 nested arrays, within the length limit.
            AuthFixture.base64URL(.init(String(repeating: "[", count: 3_000).utf8)) + ".e30.",
            // The valid token with its parts reordered, doubled or padded.
            Self.valid.split(separator: ".").reversed().joined(separator: "."),
            Self.valid + "." + Self.valid, Self.valid + "=", " " + Self.valid, Self.valid + " ", Self.valid + ".",
            Self.valid.replacingOccurrences(of: "-", with: "+"),
        ] + Self.randomStrings

    /// Deterministic noise over the characters tokens are made of, and some they are not.
    static let randomStrings: [String] = {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.....=+/% \u{0}é🎤")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return (0..<64).map { _ in
            let length = 1 + Int(next() % 300)
            return String((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
        }
    }()

    @Test("The fixture token is accepted, so the tables below test what they claim")
    func fixtureIsValid() async throws {
        let identity = try await AuthFixture.authenticator().authenticate(token: Self.valid).get()
        #expect(identity.userID == "u1")
        #expect(identity.isModerator)
    }

    @Test("Garbage is refused as a token, without a crash", arguments: garbage)
    func garbageIsRefused(_ token: String) async throws {
        let authenticator = try await AuthFixture.authenticator(anonymousReadOnly: true)
        let refusal = try #require(AuthFixture.refusal(await authenticator.authenticate(token: token)))
        #expect(refusal.reason != .noToken)
        #expect(!refusal.message.isEmpty)
    }

    @Test("Every truncation of a valid token is refused", arguments: 1..<valid.utf8.count)
    func truncationIsRefused(_ length: Int) async throws {
        let authenticator = try await AuthFixture.authenticator()
        let token = String(Self.valid.prefix(length))
        #expect(AuthFixture.refusal(await authenticator.authenticate(token: token)) != nil)
    }

    @Test("A valid token with any one character changed is refused", arguments: 0..<valid.utf8.count)
    func tamperingIsRefused(_ offset: Int) async throws {
        let authenticator = try await AuthFixture.authenticator()
        var bytes = Array(Self.valid.utf8)
        bytes[offset] = Self.flipped(bytes[offset])
        let token = String(decoding: bytes, as: UTF8.self)
        #expect(AuthFixture.refusal(await authenticator.authenticate(token: token)) != nil)
    }

    @Test("A token over 8 KiB is refused for its length", arguments: [8 * 1024 + 1, 64 * 1024, 4 << 20])
    func hugeTokenIsRefused(_ bytes: Int) async throws {
        let authenticator = try await AuthFixture.authenticator()
        let token = Self.valid + String(repeating: "A", count: bytes - Self.valid.utf8.count)
        let refusal = try #require(AuthFixture.refusal(await authenticator.authenticate(token: token)))
        #expect(refusal.reason == .tooLong)
        #expect(refusal.message.hasPrefix("token is \(bytes) bytes, over the limit of 8192 (8 KiB)"))
    }

    @Test("A token of exactly 8 KiB is judged on its signature, not its length")
    func tokenAtLimit() async throws {
        let authenticator = try await AuthFixture.authenticator()
        let token = Self.valid + String(repeating: "A", count: 8 * 1024 - Self.valid.utf8.count)
        #expect(AuthFixture.refusal(await authenticator.authenticate(token: token))?.reason == .signature)
    }

    /// Another base64url character whose top bit differs, so the change is never lost in padding bits; a dot
    /// becomes a letter.
    static func flipped(_ byte: UInt8) -> UInt8 {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        guard let index = alphabet.firstIndex(of: byte) else { return UInt8(ascii: "A") }
        return alphabet[index ^ 32]
    }
}
