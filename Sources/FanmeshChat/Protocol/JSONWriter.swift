package import NIOCore

/// Writes JSON straight into a `ByteBuffer`, with keys in the order given.
///
/// The fan-out path renders each message once per room batch; a hand writer avoids `JSONEncoder`'s intermediate
/// representation and keeps the field order stable for clients and tests.
package struct JSONWriter {
    package var buffer: ByteBuffer
    private var needsComma = [false]

    package init(buffer: ByteBuffer = ByteBuffer()) {
        self.buffer = buffer
    }

    package mutating func beginObject() {
        self.separate()
        self.buffer.writeInteger(UInt8(ascii: "{"))
        self.needsComma.append(false)
    }

    package mutating func endObject() {
        self.buffer.writeInteger(UInt8(ascii: "}"))
        self.needsComma.removeLast()
    }

    package mutating func beginArray(key: String? = nil) {
        if let key { self.writeKey(key) } else { self.separate() }
        self.buffer.writeInteger(UInt8(ascii: "["))
        self.needsComma.append(false)
    }

    package mutating func endArray() {
        self.buffer.writeInteger(UInt8(ascii: "]"))
        self.needsComma.removeLast()
    }

    package mutating func field(_ key: String, _ value: String) {
        self.writeKey(key)
        self.writeString(value)
    }

    package mutating func field(_ key: String, _ value: some BinaryInteger) {
        self.writeKey(key)
        self.buffer.writeString(String(value))
    }

    package mutating func field(_ key: String, _ value: Bool) {
        self.writeKey(key)
        self.buffer.writeString(value ? "true" : "false")
    }

    /// Appends bytes that are already one JSON value (an object rendered earlier).
    package mutating func rawValue(_ json: ByteBuffer) {
        self.separate()
        var json = json
        self.buffer.writeBuffer(&json)
    }

    private mutating func writeKey(_ key: String) {
        self.separate()
        self.writeString(key)
        self.buffer.writeInteger(UInt8(ascii: ":"))
    }

    private mutating func separate() {
        if self.needsComma[self.needsComma.count - 1] {
            self.buffer.writeInteger(UInt8(ascii: ","))
        }
        self.needsComma[self.needsComma.count - 1] = true
    }

    /// Writes `value` as a JSON string: quotes, backslashes and control characters escaped, the rest as UTF-8.
    private mutating func writeString(_ value: String) {
        self.buffer.writeInteger(UInt8(ascii: "\""))
        var plainStart = value.utf8.startIndex
        let utf8 = value.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
                self.buffer.writeBytes(utf8[plainStart..<index])
                self.writeEscape(byte)
                plainStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        self.buffer.writeBytes(utf8[plainStart..<utf8.endIndex])
        self.buffer.writeInteger(UInt8(ascii: "\""))
    }

    private mutating func writeEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): self.buffer.writeString("\\\"")
        case UInt8(ascii: "\\"): self.buffer.writeString("\\\\")
        case UInt8(ascii: "\n"): self.buffer.writeString("\\n")
        case UInt8(ascii: "\r"): self.buffer.writeString("\\r")
        case UInt8(ascii: "\t"): self.buffer.writeString("\\t")
        default:
            let hex = Array("0123456789abcdef".utf8)
            self.buffer.writeString("\\u00")
            self.buffer.writeInteger(hex[Int(byte >> 4)])
            self.buffer.writeInteger(hex[Int(byte & 0xF)])
        }
    }
}
