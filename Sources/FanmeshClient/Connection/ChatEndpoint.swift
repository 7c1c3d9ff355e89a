/// A node's chat URL taken apart: `ws://HOST[:PORT]/PATH[?QUERY]` or `wss://…`.
struct ChatEndpoint: Sendable, Hashable {
    var usesTLS: Bool
    /// The host, without the brackets of an IPv6 literal.
    var host: String
    var port: Int
    /// The path and query, as the request line carries them (`/ws`, `/ws?x=1`).
    var target: String

    /// The value of the `Host` header.
    var hostHeader: String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return self.port == (self.usesTLS ? 443 : 80) ? host : "\(host):\(self.port)"
    }

    /// Whether ``host`` is an IP literal, which TLS must not send as a server name.
    var hostIsIPAddress: Bool {
        self.host.contains(":") || self.host.utf8.allSatisfy { $0 == UInt8(ascii: ".") || (48...57).contains($0) }
    }

    init?(_ url: String) {
        let rest: Substring
        if url.hasPrefix("ws://") {
            self.usesTLS = false
            rest = url.dropFirst(5)
        } else if url.hasPrefix("wss://") {
            self.usesTLS = true
            rest = url.dropFirst(6)
        } else {
            return nil
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if let fragment = target.firstIndex(of: "#") {
            target = String(target[..<fragment])
        }
        if target.isEmpty || target.hasPrefix("?") {
            target = "/" + target
        }
        guard !authority.contains("@") else { return nil }  // credentials in URLs would end up in logs
        let hostPart: Substring
        let portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { return nil }
            portPart = after.isEmpty ? nil : after.dropFirst()
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        } else {
            hostPart = authority
            portPart = nil
        }
        guard !hostPart.isEmpty else { return nil }
        self.host = String(hostPart)
        if let portPart {
            guard let port = Int(portPart), (1...65_535).contains(port) else { return nil }
            self.port = port
        } else {
            self.port = self.usesTLS ? 443 : 80
        }
        self.target = target
    }
}
