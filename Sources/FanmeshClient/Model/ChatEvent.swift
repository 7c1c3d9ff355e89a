/// What happens on a ``ChatClient``'s connection, in the order it happened, from ``ChatClient/events``.
public enum ChatEvent: Sendable, Hashable {
    /// A message in a joined room. Each position of a room is delivered at most once, also across reconnects.
    case message(ChatMessage)
    /// The member count of a room changed (the node says so at most once a second per room).
    case presence(room: String, count: Int)
    /// A moderator set a room's slow mode: members may post once every `seconds` (0 turns it off).
    case slowMode(room: String, seconds: Int)
    /// The node confirmed a join: one you asked for with ``ChatClient/join(_:)``, or the automatic rejoin after a
    /// reconnect. The history's messages follow as ``message(_:)`` events.
    case joined(JoinedRoom)
    /// The connection dropped; ``ChatClient/run()`` reconnects with backoff. Sends waiting for an ack failed with
    /// ``ChatClientError/Code/connectionLost``.
    case disconnected(DisconnectReason)
    /// A connection is up again after ``disconnected(_:)``; every joined room is being rejoined from its last
    /// position.
    case reconnected
    /// A rejoin could not resume: the node no longer holds everything since the last position seen, so messages
    /// of `room` are missing. Reload the room (for example from the node's history API) if that matters.
    case gap(room: String)
    /// An error from the node that answers no call waiting for it, such as a rejoin the node refused.
    case error(ChatClientError)
}

/// Why a connection ended.
public enum DisconnectReason: Sendable, Hashable, CustomStringConvertible {
    /// The node closed the WebSocket with this close code and reason: 1001 `going away` (the node is shutting
    /// down), 1008 `slow consumer` (this client read too slowly) or `token expired`, 1009 (a frame too large).
    case closed(code: Int, reason: String?)
    /// The node answered no `ping` within a ping interval (``ChatClient/Configuration/pingInterval``).
    case pingTimeout
    /// The transport failed: the connection was reset, the node could not be reached, and so on.
    case failed(String)

    public var description: String {
        switch self {
        case .closed(let code, let reason): "closed by the node (\(code)\(reason.map { " \($0)" } ?? ""))"
        case .pingTimeout: "no pong from the node within a ping interval"
        case .failed(let description): description
        }
    }
}
