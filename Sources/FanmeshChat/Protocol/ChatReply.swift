package import FanmeshCore
package import NIOCore

/// Renders what a node sends to fans, each op as the JSON object `docs/protocol.md` gives.
package enum ChatReply {
    /// `{"op":"msg",...}` for one stored message.
    package static func writeMessage(_ stored: StoredMessage, into writer: inout JSONWriter) {
        let message = stored.message
        writer.beginObject()
        writer.field("op", "msg")
        writer.field("room", message.room)
        writer.field("id", message.id.description)
        writer.field("user", message.user)
        writer.field("name", message.name)
        writer.field("text", message.text)
        writer.field("ts", message.time.milliseconds)
        writer.field("region", message.region)
        writer.field("position", stored.position)
        writer.endObject()
    }

    /// One `msg` object, or an array of them when there are several: the body of a fan-out frame.
    package static func messages(_ messages: some Collection<StoredMessage>) -> ByteBuffer {
        var writer = JSONWriter(buffer: ByteBuffer())
        writer.buffer.reserveCapacity(messages.count * 160)
        if messages.count == 1, let only = messages.first {
            self.writeMessage(only, into: &writer)
        } else {
            writer.beginArray()
            for message in messages { self.writeMessage(message, into: &writer) }
            writer.endArray()
        }
        return writer.buffer
    }

    package static func joined(
        room: String,
        position: UInt64,
        recovered: Bool,
        count: Int,
        history: [StoredMessage]
    ) -> ByteBuffer {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("op", "joined")
        writer.field("room", room)
        writer.field("position", position)
        writer.field("recovered", recovered)
        writer.field("count", count)
        writer.beginArray(key: "history")
        for message in history { self.writeMessage(message, into: &writer) }
        writer.endArray()
        writer.endObject()
        return writer.buffer
    }

    package static func ack(nonce: String, id: MessageID, position: UInt64) -> ByteBuffer {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("op", "ack")
        writer.field("nonce", nonce)
        writer.field("id", id.description)
        writer.field("position", position)
        writer.endObject()
        return writer.buffer
    }

    package static func error(_ error: ChatError) -> ByteBuffer {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("op", "error")
        writer.field("code", error.code.rawValue)
        writer.field("message", error.message)
        if let nonce = error.nonce { writer.field("nonce", nonce) }
        writer.endObject()
        return writer.buffer
    }

    package static func presence(room: String, count: Int) -> ByteBuffer {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("op", "presence")
        writer.field("room", room)
        writer.field("count", count)
        writer.endObject()
        return writer.buffer
    }

    package static func slowMode(room: String, seconds: Int) -> ByteBuffer {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("op", "slow_mode")
        writer.field("room", room)
        writer.field("seconds", seconds)
        writer.endObject()
        return writer.buffer
    }

    package static func left(room: String) -> ByteBuffer {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("op", "left")
        writer.field("room", room)
        writer.endObject()
        return writer.buffer
    }

    package static let pong = ByteBuffer(string: #"{"op":"pong"}"#)
}
