/// An error a ``ChatClient`` call throws: one the node answered, or one the client ran into.
///
/// Switch on ``code``; ``message`` is for people. The node's codes are listed in the chat protocol; a code
/// this version does not know is kept as is, so compare with the static members rather than exhaustively.
public struct ChatClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as the wire spells it (`rate_limited`) or, for the client's own errors, in the same style.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { self.rawValue }

        // The node's codes: the connection stays up after each.

        /// Over the per-user rate (by default 20 messages per 30 s); try again later.
        public static let rateLimited = Self(rawValue: "rate_limited")
        /// The text is empty, or over the node's byte or character limit.
        public static let tooLong = Self(rawValue: "too_long")
        /// A second post within the room's slow-mode interval.
        public static let slowMode = Self(rawValue: "slow_mode")
        /// Not allowed: a room outside the token's rooms, an anonymous send, too many rooms.
        public static let forbidden = Self(rawValue: "forbidden")
        /// The node could not parse the request, or the room name is invalid.
        public static let badRequest = Self(rawValue: "bad_request")
        /// The node cannot store messages now; try again later.
        public static let unavailable = Self(rawValue: "unavailable")
        /// A fault on the node.
        public static let `internal` = Self(rawValue: "internal")

        // The client's codes.

        /// The node refused the token (HTTP 401): ``ChatClient/run()`` stops instead of retrying.
        public static let unauthorized = Self(rawValue: "unauthorized")
        /// The connection dropped before the node answered. A send that fails this way may or may not have been
        /// stored: the client does not resend it, because that could post it twice. Watch the room's messages
        /// for it, or send it again and accept a possible duplicate.
        public static let connectionLost = Self(rawValue: "connection_lost")
        /// The node did not answer a send within ``ChatClient/Configuration/ackTimeout``; the message may or may
        /// not have been stored, as with ``connectionLost``.
        public static let ackTimeout = Self(rawValue: "ack_timeout")
        /// There is no connection right now (``ChatClient/run()`` is not running, or is reconnecting).
        public static let notConnected = Self(rawValue: "not_connected")
        /// A send to a room this client has not joined.
        public static let notJoined = Self(rawValue: "not_joined")
        /// The client left the room before the node answered the join.
        public static let left = Self(rawValue: "left")
        /// ``ChatClient/run()`` ended while the call was waiting.
        public static let stopped = Self(rawValue: "stopped")
        /// ``ChatClient/run()`` was called while it was already running.
        public static let alreadyRunning = Self(rawValue: "already_running")
        /// The URL is not `ws://HOST[:PORT]/PATH` or `wss://…`.
        public static let invalidURL = Self(rawValue: "invalid_url")
    }

    /// What went wrong.
    public var code: Code
    /// What went wrong, for people: the node's `message`, or the client's explanation.
    public var message: String
    /// The room the error concerns, when known.
    public var room: String?
    /// The nonce of the send the error answers, when it answers one.
    public var nonce: String?

    public init(code: Code, message: String, room: String? = nil, nonce: String? = nil) {
        self.code = code
        self.message = message
        self.room = room
        self.nonce = nonce
    }

    public var description: String {
        "\(self.code): \(self.message)" + (self.room.map { " (room \($0))" } ?? "")
    }
}
