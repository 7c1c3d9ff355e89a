extension HostAndPort {
    /// The ports a topology may name; 0 ("any free port") is for tests that bind in code.
    package static let ports: ClosedRange<Int> = 1...65535

    /// Parses `host:port`, `1.2.3.4:port` or `[::1]:port`.
    ///
    /// Returns nil unless the host is a valid DNS name, dotted IPv4 or bracketed IPv6 address, and
    /// the port is decimal digits within ``ports``.
    package init?(parsing text: String) {
        let host: Substring
        let port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":"), Self.isIPv6(host) else { return nil }
            port = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
            guard Self.isIPv4(host) || Self.isHostname(host) else { return nil }
        }
        guard (1...5).contains(port.count), port.allSatisfy(\.isASCIIDigit),
            let number = Int(port), Self.ports.contains(number)
        else { return nil }
        self.init(host: String(host), port: number)
    }

    /// Four decimal parts 0…255, as in `127.0.0.1`.
    private static func isIPv4(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                (1...3).contains(part.count) && part.allSatisfy(\.isASCIIDigit) && Int(part).map { $0 <= 255 } == true
            }
    }

    /// Dot-separated labels of letters, digits and inner hyphens; the last label is not all digits.
    private static func isHostname(_ text: Substring) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.utf8.count <= 253, let last = labels.last, !last.allSatisfy(\.isASCIIDigit) else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCIIDigit || $0.isASCIILetter || $0 == "-" }
        }
    }

    /// Eight groups of one to four hex digits, with at most one `::` standing for missing groups and
    /// an optional dotted IPv4 tail; zone ids (`%eth0`) are not accepted.
    private static func isIPv6(_ text: Substring) -> Bool {
        let halves = text.split(separator: "::", maxSplits: 2, omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return false }
        var groups = 0
        for (halfIndex, half) in halves.enumerated() where !half.isEmpty {
            let parts = half.split(separator: ":", omittingEmptySubsequences: false)
            for (partIndex, part) in parts.enumerated() {
                let isTail = halfIndex == halves.count - 1 && partIndex == parts.count - 1
                if isTail, isIPv4(part) {
                    groups += 2
                } else if (1...4).contains(part.count), part.allSatisfy(\.isASCIIHexDigit) {
                    groups += 1
                } else {
                    return false
                }
            }
        }
        return halves.count == 2 ? groups <= 7 : groups == 8
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
    fileprivate var isASCIILetter: Bool { isASCII && isLetter }
    fileprivate var isASCIIHexDigit: Bool { isASCII && isHexDigit }
}
