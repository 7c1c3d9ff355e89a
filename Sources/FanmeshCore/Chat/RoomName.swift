/// The rule for room names: 1–64 characters of `A–Z a–z 0–9 _ - . :`.
package enum RoomName {
    package static let maxLength = 64

    /// Nil when `name` is a valid room name, else what is wrong with it.
    package static func problem(_ name: String) -> String? {
        let bytes = name.utf8
        if bytes.isEmpty { return "a room name must not be empty" }
        if bytes.count > Self.maxLength { return "a room name has at most \(Self.maxLength) characters" }
        for byte in bytes where !Self.isAllowed(byte) {
            return "a room name may hold only letters, digits and _ - . : (found \(Self.show(byte)))"
        }
        return nil
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }

    private static func show(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? "'\(Character(UnicodeScalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }
}
