internal import NIOCore

/// The server side of the NATS client protocol as it arrives over a WebSocket: `INFO`, `MSG`, `PING`, `PONG`,
/// `+OK`, `-ERR`, each ended by CRLF (a `MSG` line is followed by its payload and CRLF). A message may be split
/// across WebSocket frames, so what is left of a frame waits for the next one. One per connection, on its loop.
struct NATSStreamParser {
    enum Event {
        /// A `MSG`'s payload, as a range of the buffer handed to the callback.
        case message(UnsafeRawBufferPointer, Range<Int>)
        case ping
        case pong
        case error
    }

    private var leftover: ByteBuffer?

    /// Parses `data` after what was left over; returns false on bytes that are not the protocol.
    mutating func feed(_ data: ByteBuffer, _ onEvent: (Event) -> Void) -> Bool {
        var buffer: ByteBuffer
        if var pending = self.leftover {
            var data = data
            pending.writeBuffer(&data)
            buffer = pending
        } else {
            buffer = data
        }
        var ok = true
        let consumed = buffer.withUnsafeReadableBytes { bytes -> Int in
            var index = 0
            while index < bytes.count {
                guard let lineEnd = Self.crlf(in: bytes, from: index) else { break }
                let first = bytes[index]
                if first == UInt8(ascii: "M") {
                    guard let length = Self.lastNumber(in: bytes, index..<lineEnd) else {
                        ok = false
                        return bytes.count
                    }
                    let payloadStart = lineEnd + 2
                    guard payloadStart + length + 2 <= bytes.count else { break }
                    onEvent(.message(bytes, payloadStart..<(payloadStart + length)))
                    index = payloadStart + length + 2
                    continue
                }
                switch first {
                case UInt8(ascii: "P"):
                    onEvent(lineEnd - index >= 4 && bytes[index + 1] == UInt8(ascii: "I") ? .ping : .pong)
                case UInt8(ascii: "-"):
                    onEvent(.error)
                case UInt8(ascii: "I"), UInt8(ascii: "+"):
                    break
                default:
                    ok = false
                    return bytes.count
                }
                index = lineEnd + 2
            }
            return index
        }
        buffer.moveReaderIndex(forwardBy: consumed)
        self.leftover = buffer.readableBytes > 0 ? buffer : nil
        return ok
    }

    private static func crlf(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 0x0D, bytes[index + 1] == 0x0A { return index }
            index += 1
        }
        return nil
    }

    /// The number at the end of a `MSG subject sid [reply] bytes` line.
    private static func lastNumber(in bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        var index = range.upperBound
        while index > range.lowerBound, bytes[index - 1] >= UInt8(ascii: "0"), bytes[index - 1] <= UInt8(ascii: "9") {
            index -= 1
        }
        guard index < range.upperBound, range.upperBound - index <= 9 else { return nil }
        var value = 0
        for offset in index..<range.upperBound { value = value * 10 + Int(bytes[offset] - UInt8(ascii: "0")) }
        return value
    }
}
