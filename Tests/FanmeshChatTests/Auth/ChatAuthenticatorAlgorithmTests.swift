import FanmeshChat
import Foundation
import JWTKit
import Testing

@Suite("Chat token algorithms and issuers")
struct ChatAuthenticatorAlgorithmTests {
    static let claims = ChatClaims(
        sub: "u9",
        name: "Issuer User",
        exp: ExpirationClaim(value: Date(timeIntervalSince1970: AuthFixture.farFuture)),
        mod: false,
        rooms: ["show"]
    )

    static func es256Token(
        _ claims: ChatClaims = Self.claims,
        signedWith key: ES256PrivateKey,
        kid: String? = nil
    ) async throws -> String {
        let keys = await JWTKeyCollection().add(ecdsa: key)
        return try await keys.sign(claims, kid: kid.map { JWKIdentifier(string: $0) })
    }

    @Test("An ES256 token from an issuer whose public key is configured is accepted, with or without a kid")
    func es256Accepted() async throws {
        let issuer = ES256PrivateKey()
        let authenticator = try await AuthFixture.authenticator(es256PublicKeyPEMs: [issuer.publicKey.pemRepresentation]
        )
        for kid in [nil, "issuer-2025", "unknown-kid"] {
            let token = try await Self.es256Token(signedWith: issuer, kid: kid)
            let identity = try await authenticator.authenticate(token: token).get()
            #expect(identity.userID == "u9")
            #expect(identity.displayName == "Issuer User")
            #expect(identity.allowedRooms == ["show"])
        }
    }

    @Test("An ES256 token from the second of two issuers is accepted")
    func secondIssuer() async throws {
        let first = ES256PrivateKey()
        let second = ES256PrivateKey()
        let authenticator = try await AuthFixture.authenticator(
            es256PublicKeyPEMs: [first.publicKey.pemRepresentation, second.publicKey.pemRepresentation]
        )
        let token = try await Self.es256Token(signedWith: second)
        #expect(try await authenticator.authenticate(token: token).get().userID == "u9")
    }

    @Test("An expired ES256 token from the second issuer reads as expired, not forged")
    func secondIssuerExpired() async throws {
        let first = ES256PrivateKey()
        let second = ES256PrivateKey()
        let authenticator = try await AuthFixture.authenticator(
            es256PublicKeyPEMs: [first.publicKey.pemRepresentation, second.publicKey.pemRepresentation]
        )
        var claims = Self.claims
        claims.exp = ExpirationClaim(value: Date(timeIntervalSince1970: 1_577_836_800))
        let token = try await Self.es256Token(claims, signedWith: second)
        let refusal = try #require(AuthFixture.refusal(await authenticator.authenticate(token: token)))
        #expect(refusal.message == "token expired at 2020-01-01T00:00:00Z; mint a new one")
    }

    @Test("An ES256 token signed by an unknown key is refused as forged")
    func es256UnknownKey() async throws {
        let trusted = ES256PrivateKey()
        let authenticator = try await AuthFixture.authenticator(es256PublicKeyPEMs: [
            trusted.publicKey.pemRepresentation
        ])
        let token = try await Self.es256Token(signedWith: ES256PrivateKey(), kid: "trusted")
        let refusal = try #require(AuthFixture.refusal(await authenticator.authenticate(token: token)))
        #expect(refusal.reason == .signature)
        #expect(refusal.message.hasPrefix("token signature does not verify"))
    }

    @Test("An ES256 token is refused where no ES256 issuer is trusted")
    func es256WithoutIssuers() async throws {
        let authenticator = try await AuthFixture.authenticator()
        let token = try await Self.es256Token(signedWith: ES256PrivateKey())
        let refusal = try #require(AuthFixture.refusal(await authenticator.authenticate(token: token)))
        #expect(refusal.reason == .signature)
        #expect(refusal.message.contains("trusts no ES256 issuer"))
    }

    @Test("An HS256-signed token whose header claims ES256 is refused")
    func hmacSignatureLabelledES256() async throws {
        let issuer = ES256PrivateKey()
        let authenticator = try await AuthFixture.authenticator(es256PublicKeyPEMs: [issuer.publicKey.pemRepresentation]
        )
        let token = try await AuthFixture.signedToken(
            payloadJSON: #"{"sub":"u1","exp":4102444800}"#,
            header: ["alg": "ES256"]
        )
        #expect(AuthFixture.refusal(await authenticator.authenticate(token: token))?.reason == .signature)
    }

    @Test("An ES256-signed token whose header claims HS256 is refused")
    func ecdsaSignatureLabelledHS256() async throws {
        let issuer = ES256PrivateKey()
        let authenticator = try await AuthFixture.authenticator(es256PublicKeyPEMs: [issuer.publicKey.pemRepresentation]
        )
        let keys = await JWTKeyCollection().add(ecdsa: issuer)
        let token = try await keys.sign(Self.claims, header: ["alg": "HS256"])
        #expect(AuthFixture.refusal(await authenticator.authenticate(token: token))?.reason == .signature)
    }

    @Test("An HS256 token keyed with a trusted issuer's public key PEM is refused")
    func publicKeyAsHMACSecret() async throws {
        let issuer = ES256PrivateKey()
        let pem = issuer.publicKey.pemRepresentation
        let authenticator = try await AuthFixture.authenticator(es256PublicKeyPEMs: [pem])
        let token = try await TokenMinter.mint(hs256Key: pem, user: "mallory")
        #expect(AuthFixture.refusal(await authenticator.authenticate(token: token))?.reason == .signature)
    }

    static let payload = #"{"sub":"u1","exp":4102444800,"mod":true}"#

    static let refusedHeaders: [(header: String, signature: String, reason: AuthRefusal.Reason, says: String)] = [
        (#"{"alg":"none","typ":"JWT"}"#, "", .algorithm, "`none` is not accepted"),
        (#"{"alg":"none"}"#, "c2lnbmF0dXJl", .algorithm, "`none` is not accepted"),
        (#"{"alg":"None"}"#, "", .algorithm, "`None` is not accepted"),
        (#"{"alg":"HS512"}"#, "c2lnbmF0dXJl", .algorithm, "`HS512` is not accepted"),
        (#"{"alg":"RS256"}"#, "c2lnbmF0dXJl", .algorithm, "`RS256` is not accepted"),
        (#"{"alg":"hs256"}"#, "c2lnbmF0dXJl", .algorithm, "`hs256` is not accepted"),
        (#"{"alg":"ES384"}"#, "c2lnbmF0dXJl", .algorithm, "`ES384` is not accepted"),
        (#"{"alg":"\#(String(repeating: "A", count: 500))"}"#, "c2ln", .algorithm, "is not accepted"),
        (#"{"alg":"HS256"}"#, "", .signature, "does not verify"),
        (#"{"alg":"HS256"}"#, "c2lnbmF0dXJl", .signature, "does not verify"),
        (#"{"alg":"HS256","kid":7}"#, "c2lnbmF0dXJl", .malformed, "the header"),
        (#"{"typ":"JWT"}"#, "c2lnbmF0dXJl", .malformed, "no `alg`"),
        (#"{"alg":null}"#, "c2lnbmF0dXJl", .malformed, "no `alg`"),
        (#"{"alg":256}"#, "c2lnbmF0dXJl", .malformed, "the header"),
        (#"["HS256"]"#, "c2lnbmF0dXJl", .malformed, "the header"),
        ("HS256", "c2lnbmF0dXJl", .malformed, "the header"),
        (#"{"alg":"HS256"}"#, "not*base64", .malformed, "the signature is not base64url"),
    ]

    @Test("A token with an unsigned, unknown or broken header is refused", arguments: refusedHeaders)
    func refusedHeader(header: String, signature: String, reason: AuthRefusal.Reason, says: String) async throws {
        let issuer = ES256PrivateKey()
        let authenticator = try await AuthFixture.authenticator(es256PublicKeyPEMs: [issuer.publicKey.pemRepresentation]
        )
        let token = AuthFixture.unsignedToken(headerJSON: header, payloadJSON: Self.payload, signature: signature)
        let refusal = try #require(AuthFixture.refusal(await authenticator.authenticate(token: token)))
        #expect(refusal.reason == reason)
        #expect(refusal.message.contains(says), "\(refusal.message)")
    }
}
