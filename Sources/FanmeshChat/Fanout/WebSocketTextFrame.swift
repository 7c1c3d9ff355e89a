package import NIOCore

/// A complete server-to-client WebSocket text frame (RFC 6455: FIN, opcode 1, no mask) built once, so the same
/// bytes can be written to every member of a room without passing each write through a frame encoder.
package enum WebSocketTextFrame {
    package static func make(payload: ByteBuffer) -> ByteBuffer {
        var payload = payload
        let length = payload.readableBytes
        var frame = ByteBuffer()
        frame.reserveCapacity(length + 10)
        frame.writeInteger(UInt8(0x81))
        if length <= 125 {
            frame.writeInteger(UInt8(length))
        } else if length <= Int(UInt16.max) {
            frame.writeInteger(UInt8(126))
            frame.writeInteger(UInt16(length))
        } else {
            frame.writeInteger(UInt8(127))
            frame.writeInteger(UInt64(length))
        }
        frame.writeBuffer(&payload)
        return frame
    }
}
