/// One object of a Fanmesh server frame, as much as a bench fan needs: its op and where its `text` and `nonce`
/// strings lie in the frame.
struct ChatFrameItem {
    enum Op {
        case msg, ack, joined, error, pong, presence, other
    }

    var op = Op.other
    var text: Range<Int>?
    var nonce: Range<Int>?
}

/// Parses a Fanmesh server frame (one JSON object or an array of them) in place, without allocating: it checks the
/// JSON's structure and hands each top-level object's `op`, `text` and `nonce` to the caller.
///
/// It is a scanner, not a validator of every JSON rule (numbers and literals are taken as runs of their characters),
/// which is what a load generator can afford per delivery at a million deliveries a second.
struct ChatFrameScanner {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    private init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Calls `body` for each object of the frame, in order. Returns false when the frame is not well-formed JSON
    /// of that shape (objects before the fault have been handed over).
    static func scan(_ bytes: UnsafeRawBufferPointer, _ body: (ChatFrameItem) -> Void) -> Bool {
        var scanner = ChatFrameScanner(bytes)
        scanner.skipWhitespace()
        guard scanner.index < bytes.count else { return false }
        let ok: Bool
        if bytes[scanner.index] == UInt8(ascii: "[") {
            ok = scanner.topLevelArray(body)
        } else {
            ok = scanner.object(body)
        }
        scanner.skipWhitespace()
        return ok && scanner.index == bytes.count
    }

    /// The send time a bench sender wrote into a text (`t<nanoseconds>…`) or a nonce (`<nanoseconds>`).
    static func sendTime(in bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> UInt64? {
        var index = range.lowerBound
        if index < range.upperBound, bytes[index] == UInt8(ascii: "t") { index += 1 }
        var value: UInt64 = 0
        var digits = 0
        while index < range.upperBound, digits < 20 {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { break }
            value = value &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        return digits > 0 ? value : nil
    }

    private mutating func topLevelArray(_ body: (ChatFrameItem) -> Void) -> Bool {
        self.index += 1
        self.skipWhitespace()
        if self.peek(UInt8(ascii: "]")) { return true }
        while true {
            self.skipWhitespace()
            guard self.index < self.bytes.count else { return false }
            if self.bytes[self.index] == UInt8(ascii: "{") {
                guard self.object(body) else { return false }
            } else {
                guard self.skipValue(depth: 1) else { return false }
            }
            self.skipWhitespace()
            if self.peek(UInt8(ascii: ",")) { continue }
            return self.peek(UInt8(ascii: "]"))
        }
    }

    private mutating func object(_ body: (ChatFrameItem) -> Void) -> Bool {
        guard self.peek(UInt8(ascii: "{")) else { return false }
        var item = ChatFrameItem()
        self.skipWhitespace()
        if self.peek(UInt8(ascii: "}")) {
            body(item)
            return true
        }
        while true {
            self.skipWhitespace()
            guard let key = self.string() else { return false }
            self.skipWhitespace()
            guard self.peek(UInt8(ascii: ":")) else { return false }
            self.skipWhitespace()
            if self.equals(key, "op") {
                guard let value = self.string() else { return false }
                item.op = self.op(value)
            } else if self.equals(key, "text") {
                guard let value = self.string() else { return false }
                item.text = value
            } else if self.equals(key, "nonce") {
                guard let value = self.string() else { return false }
                item.nonce = value
            } else {
                guard self.skipValue(depth: 1) else { return false }
            }
            self.skipWhitespace()
            if self.peek(UInt8(ascii: ",")) { continue }
            guard self.peek(UInt8(ascii: "}")) else { return false }
            body(item)
            return true
        }
    }

    private mutating func skipValue(depth: Int) -> Bool {
        guard depth < 64, self.index < self.bytes.count else { return false }
        switch self.bytes[self.index] {
        case UInt8(ascii: "\""):
            return self.string() != nil
        case UInt8(ascii: "{"):
            self.index += 1
            self.skipWhitespace()
            if self.peek(UInt8(ascii: "}")) { return true }
            while true {
                self.skipWhitespace()
                guard self.string() != nil else { return false }
                self.skipWhitespace()
                guard self.peek(UInt8(ascii: ":")) else { return false }
                self.skipWhitespace()
                guard self.skipValue(depth: depth + 1) else { return false }
                self.skipWhitespace()
                if self.peek(UInt8(ascii: ",")) { continue }
                return self.peek(UInt8(ascii: "}"))
            }
        case UInt8(ascii: "["):
            self.index += 1
            self.skipWhitespace()
            if self.peek(UInt8(ascii: "]")) { return true }
            while true {
                self.skipWhitespace()
                guard self.skipValue(depth: depth + 1) else { return false }
                self.skipWhitespace()
                if self.peek(UInt8(ascii: ",")) { continue }
                return self.peek(UInt8(ascii: "]"))
            }
        default:
            let start = self.index
            while self.index < self.bytes.count {
                switch self.bytes[self.index] {
                case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), 0x20, 0x09, 0x0A, 0x0D:
                    return self.index > start
                default:
                    self.index += 1
                }
            }
            return self.index > start
        }
    }

    /// The contents of the string at the cursor (escapes left as they are), or nil.
    private mutating func string() -> Range<Int>? {
        guard self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "\"") else { return nil }
        self.index += 1
        let start = self.index
        while self.index < self.bytes.count {
            switch self.bytes[self.index] {
            case UInt8(ascii: "\""):
                let range = start..<self.index
                self.index += 1
                return range
            case UInt8(ascii: "\\"):
                self.index += 2
            default:
                self.index += 1
            }
        }
        return nil
    }

    private func op(_ range: Range<Int>) -> ChatFrameItem.Op {
        switch range.count {
        case 3:
            if self.equals(range, "msg") { return .msg }
            if self.equals(range, "ack") { return .ack }
        case 4:
            if self.equals(range, "pong") { return .pong }
        case 5:
            if self.equals(range, "error") { return .error }
        case 6:
            if self.equals(range, "joined") { return .joined }
        case 8:
            if self.equals(range, "presence") { return .presence }
        default:
            break
        }
        return .other
    }

    private func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let expected = UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for offset in 0..<range.count where self.bytes[range.lowerBound + offset] != expected[offset] {
            return false
        }
        return true
    }

    private mutating func peek(_ byte: UInt8) -> Bool {
        guard self.index < self.bytes.count, self.bytes[self.index] == byte else { return false }
        self.index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while self.index < self.bytes.count {
            switch self.bytes[self.index] {
            case 0x20, 0x09, 0x0A, 0x0D: self.index += 1
            default: return
            }
        }
    }
}
