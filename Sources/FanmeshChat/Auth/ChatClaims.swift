package import JWTKit

/// The claims of a chat token, spelled as `docs/protocol.md` ("Connecting") lists them.
///
/// ``verify(using:)`` runs after the signature checks out; it throws an ``AuthRefusal`` naming the claim at fault.
package struct ChatClaims: JWTPayload, Equatable {
    /// The most UTF-8 bytes in `sub`.
    package static let maxUserIDBytes = 64
    /// The most UTF-8 bytes in `name`.
    package static let maxNameBytes = 64

    /// The user id (`sub`), 1–64 bytes.
    package var sub: SubjectClaim
    /// The display name shown with messages (`name`); `sub` when absent or empty.
    package var name: String?
    /// When the token stops being accepted (`exp`), seconds since the Unix epoch on the wire.
    package var exp: ExpirationClaim
    /// Whether the user moderates (`mod`): exempt from rate limits and slow mode, may set slow mode.
    package var mod: Bool?
    /// If present, the only rooms the user may join (`rooms`).
    package var rooms: [String]?

    package init(sub: String, name: String? = nil, exp: ExpirationClaim, mod: Bool? = nil, rooms: [String]? = nil) {
        self.sub = SubjectClaim(value: sub)
        self.name = name
        self.exp = exp
        self.mod = mod
        self.rooms = rooms
    }

    package func verify(using algorithm: some JWTAlgorithm) async throws {
        let userIDBytes = self.sub.value.utf8.count
        guard userIDBytes > 0 else {
            throw AuthRefusal.invalidClaims("token claim `sub` (the user id) is empty")
        }
        guard userIDBytes <= Self.maxUserIDBytes else {
            throw AuthRefusal.invalidClaims(
                "token claim `sub` (the user id) is \(userIDBytes) bytes, over the limit of \(Self.maxUserIDBytes)"
            )
        }
        if let name, name.utf8.count > Self.maxNameBytes {
            throw AuthRefusal.invalidClaims(
                "token claim `name` is \(name.utf8.count) bytes, over the limit of \(Self.maxNameBytes)"
            )
        }
        do {
            try self.exp.verifyNotExpired()
        } catch {
            throw AuthRefusal.expired(at: self.exp.value)
        }
    }
}
