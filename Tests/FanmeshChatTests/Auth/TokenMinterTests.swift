import FanmeshChat
import Foundation
import Testing

@Suite("Minting chat tokens")
struct TokenMinterTests {
    @Test("A minted token round-trips through the authenticator")
    func roundTrip() async throws {
        let now = Date(timeIntervalSinceNow: -10.75)
        let token = try await TokenMinter.mint(
            hs256Key: AuthFixture.hs256Key,
            user: "mina",
            name: "Mina 🎤",
            ttl: .seconds(3600),
            moderator: true,
            rooms: ["show", "vip:1"],
            now: now
        )
        let identity = try await AuthFixture.authenticator().authenticate(token: token).get()
        #expect(identity.userID == "mina")
        #expect(identity.displayName == "Mina 🎤")
        #expect(identity.isModerator)
        #expect(identity.allowedRooms == ["show", "vip:1"])
        #expect(identity.expiresAt == Date(timeIntervalSince1970: (now.timeIntervalSince1970 + 3600).rounded(.down)))
    }

    @Test("A token minted with the defaults is a plain user of any room for an hour")
    func defaults() async throws {
        let now = Date()
        let token = try await TokenMinter.mint(hs256Key: AuthFixture.hs256Key, user: "u1", now: now)
        let identity = try await AuthFixture.authenticator().authenticate(token: token).get()
        #expect(identity == ChatIdentity(userID: "u1", expiresAt: identity.expiresAt))
        let expiresAt = try #require(identity.expiresAt)
        #expect(expiresAt.timeIntervalSince1970 == (now.timeIntervalSince1970 + 3600).rounded(.down))
    }

    @Test("A minted token carries only the claims given")
    func omitsUnsetClaims() async throws {
        let token = try await TokenMinter.mint(hs256Key: AuthFixture.hs256Key, user: "u1")
        let payload = String(token.split(separator: ".")[1])
        let padded =
            payload.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            + String(repeating: "=", count: (4 - payload.count % 4) % 4)
        let json = try #require(Data(base64Encoded: padded))
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(Set(object.keys) == ["sub", "exp"])
    }

    static let badRequests: [(user: String, name: String?, ttl: Duration, rooms: [String]?, says: String)] = [
        ("", nil, .seconds(60), nil, "the user id must be 1–64 bytes, got 0"),
        (String(repeating: "u", count: 65), nil, .seconds(60), nil, "got 65"),
        ("u1", String(repeating: "n", count: 65), .seconds(60), nil, "the name must be at most 64 bytes"),
        ("u1", nil, .zero, nil, "the time to live must be at least 1 second, got 0"),
        ("u1", nil, .seconds(-5), nil, "got -5"),
        ("u1", nil, .seconds(60), ["show", "bad room"], #"room "bad room""#),
        ("u1", nil, .seconds(60), [""], "must not be empty"),
    ]

    @Test("Input a node would refuse is refused when minting", arguments: badRequests)
    func refusesBadInput(user: String, name: String?, ttl: Duration, rooms: [String]?, says: String) async {
        let error = await #expect(throws: TokenMinter.MintError.self) {
            try await TokenMinter.mint(hs256Key: AuthFixture.hs256Key, user: user, name: name, ttl: ttl, rooms: rooms)
        }
        #expect(error?.message.contains(says) == true, "\(error?.message ?? "")")
    }

    @Test("A key shorter than 32 bytes is refused when minting, without showing it")
    func shortKey() async {
        let error = await #expect(throws: TokenMinter.MintError.self) {
            try await TokenMinter.mint(hs256Key: "s3cret", user: "u1")
        }
        #expect(error?.message.contains("s3cret") == false)
    }
}
