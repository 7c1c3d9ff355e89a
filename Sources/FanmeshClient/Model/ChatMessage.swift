/// One chat message, as the node delivers it in `msg` and in a join's history.
public struct ChatMessage: Sendable, Hashable {
    /// The room the message was posted to.
    public let room: String
    /// The mesh-wide id, `ORIGIN:SEQ`: unique across every node, stable across reconnects.
    public let id: String
    /// The id of the node the message was posted on (the part of ``id`` before the last `:`).
    public let origin: String
    /// The message's sequence number in its origin's log (the part of ``id`` after the last `:`).
    public let seq: UInt64
    /// The sender's user id (the token's `sub`).
    public let user: String
    /// The sender's display name (the token's `name`, or ``user`` when it has none).
    public let name: String
    /// The text, as the sender wrote it.
    public let text: String
    /// The origin's hybrid-logical-clock time of the message, in milliseconds since the Unix epoch (wire `ts`).
    public let timestampMilliseconds: Int64
    /// The region of the node the message was posted on.
    public let region: String
    /// This node's position of the message in the room: positions only grow, and the client resumes from the
    /// last one it saw. Positions of different nodes are not comparable.
    public let position: UInt64

    /// Creates a message; ``origin`` and ``seq`` come from `id`, so an id that is not `ORIGIN:SEQ` gives `nil`.
    public init?(
        room: String,
        id: String,
        user: String,
        name: String,
        text: String,
        timestampMilliseconds: Int64,
        region: String,
        position: UInt64
    ) {
        guard let (origin, seq) = Self.parse(id: id) else { return nil }
        self.room = room
        self.id = id
        self.origin = origin
        self.seq = seq
        self.user = user
        self.name = name
        self.text = text
        self.timestampMilliseconds = timestampMilliseconds
        self.region = region
        self.position = position
    }

    /// Splits `ORIGIN:SEQ` at its last colon, so an origin may itself contain colons.
    static func parse(id: String) -> (origin: String, seq: UInt64)? {
        guard let colon = id.lastIndex(of: ":") else { return nil }
        let origin = id[..<colon]
        guard !origin.isEmpty, let seq = UInt64(id[id.index(after: colon)...]) else { return nil }
        return (String(origin), seq)
    }
}
