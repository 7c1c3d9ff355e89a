package import NIOCore

/// New messages of one room, encoded once: the frame every live member gets, with the messages kept so a member
/// that joined mid-batch can be sent only the part it has not seen.
package struct RoomBatch: Sendable {
    package var room: String
    package var messages: [StoredMessage]
    /// The whole batch as one WebSocket text frame (a `msg` object, or an array of them).
    package var frame: ByteBuffer

    package init(room: String, messages: [StoredMessage]) {
        self.room = room
        self.messages = messages
        self.frame = WebSocketTextFrame.make(payload: ChatReply.messages(messages))
    }

    package var firstPosition: UInt64 { self.messages.first?.position ?? 0 }
    package var lastPosition: UInt64 { self.messages.last?.position ?? 0 }

    /// The frame for a member that has seen everything up to `position`, or nil when it has seen it all.
    package func frame(after position: UInt64) -> ByteBuffer? {
        if self.firstPosition > position { return self.frame }
        let unseen = self.messages.filter { $0.position > position }
        return unseen.isEmpty ? nil : WebSocketTextFrame.make(payload: ChatReply.messages(unseen))
    }
}
