/// The node's answer to a join: where the room stands and the messages this client has not seen yet.
public struct JoinedRoom: Sendable, Hashable {
    /// The room joined.
    public let room: String
    /// The room's newest position on the node when ``history`` ends; every later message has a greater one.
    public let position: UInt64
    /// `false` when the client asked to resume from a position the node no longer holds: ``history`` is then
    /// the latest page and messages in between are missing (the events stream also carries ``ChatEvent/gap(room:)``).
    public let recovered: Bool
    /// How many members the room has on the node.
    public let count: Int
    /// Messages in position order, without any this client already delivered.
    ///
    /// These messages are also delivered as ``ChatEvent/message(_:)`` events, right after the
    /// ``ChatEvent/joined(_:)`` event: render a room from the events stream or from this page, not from both.
    public let history: [ChatMessage]

    public init(room: String, position: UInt64, recovered: Bool, count: Int, history: [ChatMessage]) {
        self.room = room
        self.position = position
        self.recovered = recovered
        self.count = count
        self.history = history
    }
}
