internal import FanmeshCore
package import Foundation
internal import JWTKit

/// Mints HS256 chat tokens with a topology's `auth.hs256_key`, for `fanmesh token` and demo pages.
package enum TokenMinter {
    /// A signed token for `user`, valid for `ttl` from `now`.
    ///
    /// - Parameters:
    ///   - hs256Key: The topology's `auth.hs256_key`, at least 32 bytes.
    ///   - user: The user id (`sub`), 1–64 bytes.
    ///   - name: The display name (`name`), at most 64 bytes; omitted when nil.
    ///   - ttl: How long the token is valid; its `exp` is `now + ttl`, rounded down to a whole second.
    ///   - moderator: Sets `mod: true`.
    ///   - rooms: If given, the only rooms the user may join (`rooms`); each must be a valid room name.
    ///   - now: The time the token is minted.
    /// - Throws: ``MintError`` for input a node would refuse.
    package static func mint(
        hs256Key: String,
        user: String,
        name: String? = nil,
        ttl: Duration = .seconds(3600),
        moderator: Bool = false,
        rooms: [String]? = nil,
        now: Date = Date()
    ) async throws -> String {
        guard hs256Key.utf8.count >= ChatAuthenticator.minHS256KeyBytes else {
            throw MintError(
                message: "the HS256 key is \(hs256Key.utf8.count) bytes; "
                    + "use at least \(ChatAuthenticator.minHS256KeyBytes) in auth.hs256_key"
            )
        }
        try Self.check(user: user, name: name, ttl: ttl, rooms: rooms)
        let seconds = Double(ttl.components.seconds) + Double(ttl.components.attoseconds) / 1e18
        let expiry = (now.timeIntervalSince1970 + seconds).rounded(.down)
        let claims = ChatClaims(
            sub: user,
            name: name,
            exp: ExpirationClaim(value: Date(timeIntervalSince1970: expiry)),
            mod: moderator ? true : nil,
            rooms: rooms
        )
        let keys = await JWTKeyCollection().add(hmac: HMACKey(from: hs256Key), digestAlgorithm: .sha256)
        return try await keys.sign(claims)
    }

    /// Checks what ``mint(hs256Key:user:name:ttl:moderator:rooms:now:)`` would, but the key, so a command can
    /// refuse its arguments before it loads a topology.
    ///
    /// - Throws: ``MintError`` naming the first thing wrong.
    package static func check(user: String, name: String?, ttl: Duration, rooms: [String]?) throws {
        let userBytes = user.utf8.count
        guard userBytes > 0, userBytes <= ChatClaims.maxUserIDBytes else {
            throw MintError(message: "the user id must be 1–\(ChatClaims.maxUserIDBytes) bytes, got \(userBytes)")
        }
        if let name, name.utf8.count > ChatClaims.maxNameBytes {
            throw MintError(
                message: "the name must be at most \(ChatClaims.maxNameBytes) bytes, got \(name.utf8.count)"
            )
        }
        guard ttl >= .seconds(1) else {
            throw MintError(message: "the time to live must be at least 1 second, got \(ttl.components.seconds)")
        }
        for room in rooms ?? [] {
            if let problem = RoomName.problem(room) {
                throw MintError(message: "room \"\(room)\": \(problem)")
            }
        }
    }
}
