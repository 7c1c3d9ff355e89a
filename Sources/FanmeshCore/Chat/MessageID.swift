/// A message's mesh-wide identity: the node it was posted on and that node's sequence number for it.
///
/// Written `ORIGIN:SEQ` on the wire (`seoul-1:77`). Node ids never contain `:`, so the last `:` splits it.
package struct MessageID: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var origin: String
    package var sequence: UInt64

    package init(origin: String, sequence: UInt64) {
        self.origin = origin
        self.sequence = sequence
    }

    /// Parses the canonical `ORIGIN:SEQ` only: SEQ is decimal digits without sign or leading zeros, so an id has
    /// one spelling and prints back as it was read.
    package init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let digits = text.utf8[text.utf8.index(after: colon)...]
        guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            digits.first != UInt8(ascii: "0") || digits.count == 1,
            let sequence = UInt64(Substring(digits))
        else {
            return nil
        }
        let origin = String(text[..<colon])
        guard !origin.isEmpty else { return nil }
        self.init(origin: origin, sequence: sequence)
    }

    package var description: String { "\(self.origin):\(self.sequence)" }

    package static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.origin, lhs.sequence) < (rhs.origin, rhs.sequence)
    }
}
