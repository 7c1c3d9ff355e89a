import FanmeshChat
import Foundation
import JWTKit
import Testing

@Suite("Chat token authentication")
struct ChatAuthenticatorTests {
    @Test("A good HS256 token maps every claim onto the identity")
    func hs256MapsEveryClaim() async throws {
        let authenticator = try await AuthFixture.authenticator()
        let now = Date()
        let token = try await TokenMinter.mint(
            hs256Key: AuthFixture.hs256Key,
            user: "u123",
            name: "Mina",
            ttl: .seconds(600),
            moderator: true,
            rooms: ["show", "backstage"],
            now: now
        )
        let identity = try await authenticator.authenticate(token: token).get()
        #expect(
            identity
                == ChatIdentity(
                    userID: "u123",
                    displayName: "Mina",
                    isModerator: true,
                    allowedRooms: ["show", "backstage"],
                    expiresAt: Date(timeIntervalSince1970: (now.timeIntervalSince1970 + 600).rounded(.down)),
                    isAnonymous: false
                )
        )
    }

    @Test("A token with only sub and exp reads as a plain user of any room, named by its id")
    func minimalClaims() async throws {
        let authenticator = try await AuthFixture.authenticator()
        let token = try await AuthFixture.signedToken(payloadJSON: #"{"sub":"u1","exp":\#(AuthFixture.farFuture)}"#)
        let identity = try await authenticator.authenticate(token: token).get()
        #expect(identity.userID == "u1")
        #expect(identity.displayName == "u1")
        #expect(!identity.isModerator)
        #expect(identity.allowedRooms == nil)
        #expect(identity.expiresAt == Date(timeIntervalSince1970: AuthFixture.farFuture))
        #expect(!identity.isAnonymous)
    }

    @Test("An HS256 token signed with another key is refused as forged")
    func wrongHS256Key() async throws {
        let authenticator = try await AuthFixture.authenticator()
        let token = try await TokenMinter.mint(hs256Key: AuthFixture.otherHS256Key, user: "u1")
        let refusal = try #require(AuthFixture.refusal(await authenticator.authenticate(token: token)))
        #expect(refusal.reason == .signature)
        #expect(refusal.message.hasPrefix("token signature does not verify"))
        #expect(refusal.code == "unauthorized")
    }

    @Test("An expired token is refused, saying when it expired")
    func expired() async throws {
        let authenticator = try await AuthFixture.authenticator()
        let minted = Date(timeIntervalSince1970: 1_577_836_800)  // 2020-01-01T00:00:00Z
        let token = try await TokenMinter.mint(
            hs256Key: AuthFixture.hs256Key,
            user: "u1",
            ttl: .seconds(60),
            now: minted
        )
        let refusal = try #require(AuthFixture.refusal(await authenticator.authenticate(token: token)))
        #expect(refusal.reason == .expired)
        #expect(refusal.message == "token expired at 2020-01-01T00:01:00Z; mint a new one")
    }

    @Test("A forged token is refused as forged even when it has also expired")
    func forgedAndExpired() async throws {
        let authenticator = try await AuthFixture.authenticator()
        let token = try await TokenMinter.mint(
            hs256Key: AuthFixture.otherHS256Key,
            user: "u1",
            now: Date(timeIntervalSince1970: 1_577_836_800)
        )
        #expect(AuthFixture.refusal(await authenticator.authenticate(token: token))?.reason == .signature)
    }

    @Test("Without a token the connection is refused, unless the region admits anonymous readers")
    func noToken() async throws {
        let strict = try await AuthFixture.authenticator(anonymousReadOnly: false)
        let open = try await AuthFixture.authenticator(anonymousReadOnly: true)
        for token in [nil, ""] as [String?] {
            let refusal = try #require(AuthFixture.refusal(await strict.authenticate(token: token)))
            #expect(refusal.reason == .noToken)
            #expect(refusal.message == "no token: pass it as `Authorization: Bearer TOKEN` or `?token=`")
            let identity = try await open.authenticate(token: token).get()
            #expect(identity.isAnonymous)
            #expect(!identity.maySend)
            #expect(!identity.isModerator)
            #expect(identity.expiresAt == nil)
            #expect(identity.mayJoin("show"))
        }
    }

    @Test("A bad token is refused even where anonymous readers are admitted")
    func badTokenIsNotDowngradedToAnonymous() async throws {
        let open = try await AuthFixture.authenticator(anonymousReadOnly: true)
        let forged = try await TokenMinter.mint(hs256Key: AuthFixture.otherHS256Key, user: "u1")
        #expect(AuthFixture.refusal(await open.authenticate(token: forged))?.reason == .signature)
        #expect(AuthFixture.refusal(await open.authenticate(token: "garbage"))?.reason == .malformed)
    }

    @Test("A signed token longer than 8 KiB is refused for its length")
    func signedTokenOverLimit() async throws {
        let authenticator = try await AuthFixture.authenticator()
        let rooms = (0..<700).map { "room-\($0)" }
        let token = try await TokenMinter.mint(hs256Key: AuthFixture.hs256Key, user: "u1", rooms: rooms)
        #expect(token.utf8.count > ChatAuthenticator.maxTokenBytes)
        let refusal = try #require(AuthFixture.refusal(await authenticator.authenticate(token: token)))
        #expect(refusal.reason == .tooLong)
        #expect(refusal.message.contains("8 KiB"))
    }

    static let badClaims: [(json: String, reason: AuthRefusal.Reason, says: String)] = [
        (#"{"exp":4102444800}"#, .claims, "token has no `sub` claim"),
        (#"{"sub":"","exp":4102444800}"#, .claims, "`sub` (the user id) is empty"),
        (#"{"sub":"\#(String(repeating: "u", count: 65))","exp":4102444800}"#, .claims, "65 bytes, over the limit"),
        (#"{"sub":42,"exp":4102444800}"#, .claims, "`sub` must be a string"),
        (#"{"sub":null,"exp":4102444800}"#, .claims, "`sub` must be a string"),
        (#"{"sub":"u1"}"#, .claims, "token has no `exp` claim"),
        (#"{"sub":"u1","exp":"tomorrow"}"#, .claims, "`exp` must be a number"),
        (#"{"sub":"u1","exp":4102444800,"mod":"yes"}"#, .claims, "`mod` must be true or false"),
        (#"{"sub":"u1","exp":4102444800,"rooms":"show"}"#, .claims, "`rooms` must be an array"),
        (#"{"sub":"u1","exp":4102444800,"rooms":["show",7]}"#, .claims, "`rooms` must be an array"),
        (#"{"sub":"u1","exp":4102444800,"name":"\#(String(repeating: "n", count: 65))"}"#, .claims, "`name` is 65"),
        (#"{"sub":"u1","exp":-1e300}"#, .expired, "token expired at"),
        (#"{"sub":"u1","exp":0}"#, .expired, "token expired at 1970-01-01T00:00:00Z"),
        (#"[1,2,3]"#, .malformed, "the claims are not a valid JSON object"),
        (#""just a string""#, .malformed, "the claims are not a valid JSON object"),
        (#"{"sub":"u1","#, .malformed, "the claims are not a valid JSON object"),
        (#"{"sub":"u1","exp":1e400}"#, .malformed, "the claims are not a valid JSON object"),
        ("", .malformed, "the claims are not base64url"),
    ]

    @Test("A signed token whose claims are wrong is refused, naming the claim", arguments: badClaims)
    func badClaimsAreNamed(json: String, reason: AuthRefusal.Reason, says: String) async throws {
        let authenticator = try await AuthFixture.authenticator()
        let token = try await AuthFixture.signedToken(payloadJSON: json)
        let refusal = try #require(AuthFixture.refusal(await authenticator.authenticate(token: token)))
        #expect(refusal.reason == reason)
        #expect(refusal.message.contains(says), "\(refusal.message)")
    }

    @Test("An expiry too far ahead to count down to is capped at the end of year 9999")
    func absurdExpiryIsCapped() async throws {
        let authenticator = try await AuthFixture.authenticator()
        let token = try await AuthFixture.signedToken(payloadJSON: #"{"sub":"u1","exp":1e300}"#)
        let identity = try await authenticator.authenticate(token: token).get()
        #expect(identity.expiresAt == ChatIdentity.latestExpiry)
    }

    @Test("An empty name falls back to the user id")
    func emptyNameFallsBack() async throws {
        let authenticator = try await AuthFixture.authenticator()
        let token = try await AuthFixture.signedToken(payloadJSON: #"{"sub":"u1","name":"","exp":4102444800}"#)
        #expect(try await authenticator.authenticate(token: token).get().displayName == "u1")
    }

    @Test("A user id of exactly 64 bytes is accepted")
    func longestUserID() async throws {
        let authenticator = try await AuthFixture.authenticator()
        let user = String(repeating: "가", count: 21) + "u"  // 21 × 3 + 1 = 64 bytes
        let token = try await TokenMinter.mint(hs256Key: AuthFixture.hs256Key, user: user)
        #expect(try await authenticator.authenticate(token: token).get().userID == user)
    }

    @Test("A key shorter than 32 bytes is refused when the authenticator is built")
    func shortKey() async throws {
        await #expect(throws: ChatAuthenticator.KeyError.self) {
            try await ChatAuthenticator(hs256Key: "short", es256PublicKeyPEMs: [], anonymousReadOnly: false)
        }
    }
}
