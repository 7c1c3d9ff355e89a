/// One object the node sent, decoded and checked. Frames carry one or several of these.
enum ServerMessage: Sendable, Hashable {
    case joined(JoinedRoom)
    case message(ChatMessage)
    case ack(nonce: String, id: String, position: UInt64?)
    case left(room: String)
    case presence(room: String, count: Int)
    case slowMode(room: String, seconds: Int)
    case pong
    /// `room` is not in the contract; a node may add it, and the client uses it to match a failed join.
    case error(code: String, message: String, nonce: String?, room: String?)
}
