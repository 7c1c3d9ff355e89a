import FanmeshChat
import Foundation
import JWTKit

/// Keys, clocks and hand-built tokens for the auth tests.
enum AuthFixture {
    static let hs256Key = "test-hs256-key-0123456789abcdef-0123456789"
    static let otherHS256Key = "another-hs256-key-0123456789abcdef-0123456"
    /// 2100-01-01T00:00:00Z, for tokens that must not expire while the suite runs.
    static let farFuture: Double = 4_102_444_800

    /// An authenticator trusting ``hs256Key`` and the given ES256 issuers' public keys.
    static func authenticator(
        es256PublicKeyPEMs: [String] = [],
        anonymousReadOnly: Bool = false
    ) async throws -> ChatAuthenticator {
        try await ChatAuthenticator(
            hs256Key: Self.hs256Key,
            es256PublicKeyPEMs: es256PublicKeyPEMs,
            anonymousReadOnly: anonymousReadOnly
        )
    }

    /// A token with exactly `payloadJSON` as its claims and `header`, HS256-signed with `key`.
    static func signedToken(
        payloadJSON: String,
        header: JWTHeader = JWTHeader(),
        key: String = Self.hs256Key
    ) async throws -> String {
        let keys = await JWTKeyCollection().add(
            hmac: HMACKey(from: key),
            digestAlgorithm: .sha256,
            serializer: RawPayloadSerializer()
        )
        return try await keys.sign(RawPayload(json: payloadJSON), header: header)
    }

    /// A token assembled from its parts with no signing at all.
    static func unsignedToken(headerJSON: String, payloadJSON: String, signature: String = "") -> String {
        Self.base64URL(Data(headerJSON.utf8)) + "." + Self.base64URL(Data(payloadJSON.utf8)) + "." + signature
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The refusal in `result`, or nil when it holds an identity.
    static func refusal(_ result: Result<ChatIdentity, AuthRefusal>) -> AuthRefusal? {
        if case .failure(let refusal) = result { return refusal }
        return nil
    }
}

/// Claims given as raw JSON text, so tests can sign payloads `ChatClaims` could never encode.
struct RawPayload: JWTPayload {
    var json: String

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Puts a ``RawPayload``'s text into the token as it is.
struct RawPayloadSerializer: JWTSerializer {
    var jsonEncoder: any JWTJSONEncoder = .defaultForJWT

    func serialize(_ payload: some JWTPayload, header: JWTHeader) throws -> Data {
        guard let raw = payload as? RawPayload else { return try Data(self.jsonEncoder.encode(payload)) }
        return Data(AuthFixture.base64URL(Data(raw.json.utf8)).utf8)
    }
}
