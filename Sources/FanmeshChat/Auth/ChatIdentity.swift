package import Foundation
internal import JWTKit

/// Who a chat connection speaks for, from its verified token or, where the region allows, anonymous.
package struct ChatIdentity: Sendable, Equatable {
    /// The token's `sub`; for an anonymous reader, whatever ``anonymous(userID:displayName:)`` was given.
    package var userID: String
    /// The name shown with the user's messages: the token's `name`, or ``userID``.
    package var displayName: String
    /// The token's `mod`: exempt from rate limits and slow mode, may set slow mode.
    package var isModerator: Bool
    /// The token's `rooms`: the only rooms the user may join; nil means any room.
    package var allowedRooms: Set<String>?
    /// When the token expires and the connection must close with 1008 `token expired`; nil for an anonymous reader,
    /// whose admission never expires. Never later than ``latestExpiry``.
    package var expiresAt: Date?
    /// A reader admitted without a token: may join and read, and every `send` gets `forbidden`.
    package var isAnonymous: Bool

    /// The latest ``expiresAt``, 9999-12-31T23:59:59Z: a token may say `exp: 1e300`, and the time until that
    /// would overflow a `Duration`.
    package static let latestExpiry = Date(timeIntervalSince1970: 253_402_300_799)

    package init(
        userID: String,
        displayName: String? = nil,
        isModerator: Bool = false,
        allowedRooms: Set<String>? = nil,
        expiresAt: Date?,
        isAnonymous: Bool = false
    ) {
        self.userID = userID
        self.displayName = displayName ?? userID
        self.isModerator = isModerator
        self.allowedRooms = allowedRooms
        self.expiresAt = expiresAt
        self.isAnonymous = isAnonymous
    }

    /// The identity of a tokenless reader, in a region with `anonymous_read_only: true`.
    package static func anonymous(userID: String = "anonymous", displayName: String? = nil) -> ChatIdentity {
        ChatIdentity(userID: userID, displayName: displayName, expiresAt: nil, isAnonymous: true)
    }

    /// Whether the token lets the user join `room`; `forbidden` when not. Says nothing about the room name's syntax.
    package func mayJoin(_ room: String) -> Bool {
        self.allowedRooms?.contains(room) ?? true
    }

    /// Whether the user may post at all: anonymous readers may not.
    package var maySend: Bool { !self.isAnonymous }
}

extension ChatIdentity {
    /// The identity a verified token's claims describe.
    init(claims: ChatClaims) {
        let name = claims.name.flatMap { $0.isEmpty ? nil : $0 }
        self.init(
            userID: claims.sub.value,
            displayName: name,
            isModerator: claims.mod ?? false,
            allowedRooms: claims.rooms.map(Set.init),
            expiresAt: min(claims.exp.value, Self.latestExpiry)
        )
    }
}
