/// The node's acknowledgement of a message this client sent: it is durable on the node.
public struct SentMessage: Sendable, Hashable {
    /// The message's mesh-wide id, `ORIGIN:SEQ`; the same id arrives in the message's ``ChatEvent/message(_:)``.
    public let id: String
    /// The message's position in the room on this node, or `nil` if the node's `ack` did not carry one.
    public let position: UInt64?

    public init(id: String, position: UInt64?) {
        self.id = id
        self.position = position
    }
}
