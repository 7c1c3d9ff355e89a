internal import Foundation

/// Sizes as region files write them: a whole number of bytes, or a whole number with a unit.
///
/// Binary units are `KiB`, `MiB`, `GiB`, `TiB` (powers of 1024); decimal units are `KB`, `MB`, `GB`,
/// `TB` (powers of 1000); `B` is bytes. Units ignore case, a space may precede them, and digits may be
/// grouped with `_` (`64MiB`, `64 MiB`, `2gib`, `16_384`).
package enum ByteCount {
    private static let units: [String: Int] = [
        "b": 1,
        "kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000, "tb": 1_000_000_000_000,
        "kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
    ]

    /// The number of bytes `text` names, or nil if it is not a size or does not fit in an `Int`.
    package static func parse(_ text: String) -> Int? {
        let trimmed = Substring(text.trimmingCharacters(in: .whitespaces))
        let digits = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == "_") }
        let unit = String(trimmed.dropFirst(digits.count).drop { $0 == " " }).lowercased()
        guard let first = digits.first, first != "_", let multiplier = unit.isEmpty ? 1 : units[unit],
            let number = Int(digits.filter { $0 != "_" })
        else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : bytes
    }

    /// `bytes` in the largest binary unit that divides it exactly: `64MiB`, `1536KiB`, `100B`.
    package static func format(_ bytes: Int) -> String {
        for (unit, size) in [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        where bytes != 0 && bytes % size == 0 {
            return "\(bytes / size)\(unit)"
        }
        return "\(bytes)B"
    }
}
