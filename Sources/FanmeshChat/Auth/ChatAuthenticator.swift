internal import JWTKit

/// Checks a chat connection's token and says who it speaks for, or why it is refused.
///
/// Accepts HS256 tokens signed with the topology's `auth.hs256_key` and ES256 tokens signed by any issuer whose
/// public key `auth.es256_public_keys` lists; the header's `alg` picks which keys are tried, and `kid` is not needed.
/// Any other `alg`, `none` included, is refused. Each key sits in its own jwt-kit `JWTKeyCollection`, so every
/// ES256 key is tried in turn and an expired token signed by the second issuer still reads "expired", not "forged".
///
/// Safe to share across event loops and tasks. It never logs tokens or keys, and never traps on any input.
package final class ChatAuthenticator: Sendable {
    /// The longest token accepted, in UTF-8 bytes: far above a real token (a few hundred bytes), small enough that
    /// a hostile one costs little to refuse.
    package static let maxTokenBytes = 8 * 1024
    /// The shortest HS256 key, in bytes: HMAC-SHA256 wants at least its 32-byte output (jwt-kit asserts it).
    package static let minHS256KeyBytes = 32

    /// Whether a connection without a token is admitted as an anonymous reader (`anonymous_read_only`).
    package let anonymousReadOnly: Bool
    private let hs256: JWTKeyCollection
    private let es256: [JWTKeyCollection]

    /// - Parameters:
    ///   - hs256Key: The shared secret, at least 32 bytes.
    ///   - es256PublicKeyPEMs: Trusted issuers' P-256 public keys, each a `-----BEGIN PUBLIC KEY-----` PEM.
    ///   - anonymousReadOnly: Admit connections without a token as anonymous readers.
    /// - Throws: ``KeyError`` for a short HS256 key or a PEM that holds no P-256 public key.
    package convenience init(hs256Key: String, es256PublicKeyPEMs: [String], anonymousReadOnly: Bool) async throws {
        guard hs256Key.utf8.count >= Self.minHS256KeyBytes else {
            throw KeyError.hs256KeyTooShort(bytes: hs256Key.utf8.count)
        }
        var publicKeys: [ES256PublicKey] = []
        for (index, pem) in es256PublicKeyPEMs.enumerated() {
            guard let key = Self.es256PublicKey(pem: pem) else {
                throw KeyError.notAnES256PublicKey(index: index, holdsPrivateKey: pem.contains("PRIVATE KEY"))
            }
            publicKeys.append(key)
        }
        await self.init(hs256Key: hs256Key, es256PublicKeys: publicKeys, anonymousReadOnly: anonymousReadOnly)
    }

    /// Takes keys already checked: the HS256 key at least ``minHS256KeyBytes`` long.
    init(hs256Key: String, es256PublicKeys: [ES256PublicKey], anonymousReadOnly: Bool) async {
        let parser = ChatClaimsParser()
        self.hs256 = await JWTKeyCollection().add(
            hmac: HMACKey(from: hs256Key),
            digestAlgorithm: .sha256,
            parser: parser
        )
        var es256: [JWTKeyCollection] = []
        for key in es256PublicKeys {
            es256.append(await JWTKeyCollection().add(ecdsa: key, parser: parser))
        }
        self.es256 = es256
        self.anonymousReadOnly = anonymousReadOnly
    }

    /// The identity `token` proves, or why it is refused.
    ///
    /// - Parameter token: The token as ``token(authorization:query:)`` found it; nil or empty when there is none.
    /// - Returns: An anonymous identity for no token when ``anonymousReadOnly``, a refusal for any token that is
    ///   malformed, longer than ``maxTokenBytes``, forged, expired, or lacks a valid `sub`.
    package func authenticate(token: String?) async -> Result<ChatIdentity, AuthRefusal> {
        guard let token, !token.isEmpty else {
            return self.anonymousReadOnly ? .success(.anonymous()) : .failure(.noToken)
        }
        guard token.utf8.count <= Self.maxTokenBytes else {
            return .failure(.tooLong(bytes: token.utf8.count))
        }
        do {
            return .success(ChatIdentity(claims: try await self.verify(token)))
        } catch {
            return .failure(error)
        }
    }

    private func verify(_ token: String) async throws(AuthRefusal) -> ChatClaims {
        let parsed = try CompactToken(token)
        let candidates: [JWTKeyCollection]
        switch parsed.algorithm {
        case "HS256":
            candidates = [self.hs256]
        case "ES256":
            guard !self.es256.isEmpty else { throw AuthRefusal.noES256Issuer }
            candidates = self.es256
        default:
            throw AuthRefusal.unsupportedAlgorithm(parsed.algorithm)
        }
        guard parsed.hasSignature else { throw AuthRefusal.badSignature }
        for keys in candidates {
            do {
                return try await keys.verify(token, as: ChatClaims.self)
            } catch let refusal as AuthRefusal {
                // The signature checked out; the claims did not.
                throw refusal
            } catch {
                // Not signed with this key: a mismatch, or a signature of the wrong size for it.
                continue
            }
        }
        throw AuthRefusal.badSignature
    }

    static func es256PublicKey(pem: String) -> ES256PublicKey? {
        try? ES256PublicKey(pem: pem)
    }
}
