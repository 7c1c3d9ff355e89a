/// Where a bench connects: host, port and path of a `ws://` (or `http://`) URL.
struct BenchTarget: Sendable {
    var host: String
    var port: Int
    /// The path with its query, starting with `/`.
    var path: String

    /// Parses `ws://HOST:PORT/PATH`; `http://` works the same (for nchan's publish URL).
    init?(url: String) {
        var rest = Substring(url)
        for scheme in ["ws://", "http://"] where rest.hasPrefix(scheme) {
            rest = rest.dropFirst(scheme.count)
        }
        guard !rest.contains("://") else { return nil }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        self.path = slash == rest.endIndex ? "/" : String(rest[slash...])
        guard let colon = authority.lastIndex(of: ":"), let port = Int(authority[authority.index(after: colon)...])
        else { return nil }
        self.host = String(authority[..<colon])
        self.port = port
    }

    /// The request path of a WebSocket for `room`: nchan subscribes by path, the others connect to the URL as is.
    func webSocketPath(room: String, protocol wire: BenchProtocol) -> String {
        wire == .nchan ? self.path + room : self.path
    }
}
