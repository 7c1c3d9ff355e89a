internal import Foundation

/// The admin API of `fanmesh mesh up`, as a function from a request to a JSON answer; no sockets.
///
/// - `GET /wan/status` → 200 `{"links":[LinkStatus…]}`
/// - `POST /wan/partition?a=REGION&b=REGION&mode=stall|reset` (mode defaults to stall) → 200 `{"link":LinkStatus}`
/// - `POST /wan/heal?a=REGION&b=REGION` → 200 `{"link":LinkStatus}`
///
/// Errors answer `{"error":CODE,"message":TEXT}`: 400 `bad_request`, 404 `unknown_region`, `no_link` or
/// `not_found`, 405 `method_not_allowed`. No authentication yet: the address is meant for loopback only.
package struct WANAdminAPI: Sendable {
    package struct Response: Sendable, Equatable {
        package var status: Int
        package var body: String
    }

    /// An error answer's body.
    package struct ErrorBody: Codable, Sendable, Equatable {
        package var error: String
        package var message: String
    }

    /// `GET /wan/status`'s body.
    package struct StatusBody: Codable, Sendable, Equatable {
        package var links: [LinkStatus]
    }

    /// `POST /wan/partition` and `/wan/heal`'s body.
    package struct LinkBody: Codable, Sendable, Equatable {
        package var link: LinkStatus
    }

    package let emulator: WANEmulator

    package init(emulator: WANEmulator) {
        self.emulator = emulator
    }

    /// Answers `method` (`GET`, `POST`, …) on `uri` (path and query).
    package func respond(method: String, uri: String) -> Response {
        let components = URLComponents(string: uri)
        let path = components?.path ?? uri
        var query: [String: String] = [:]
        for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let expected = ["/wan/status": "GET", "/wan/partition": "POST", "/wan/heal": "POST"]
        guard let allowed = expected[path] else {
            return Self.error(404, "not_found", "no such endpoint \(path); try GET /wan/status")
        }
        guard method == allowed else {
            return Self.error(405, "method_not_allowed", "\(path) takes \(allowed), not \(method)")
        }
        if path == "/wan/status" { return Self.json(200, StatusBody(links: self.emulator.status())) }
        guard let a = query["a"], let b = query["b"], !a.isEmpty, !b.isEmpty else {
            return Self.error(400, "bad_request", "name the link's two regions: \(path)?a=REGION&b=REGION")
        }
        do {
            if path == "/wan/heal" { return Self.json(200, LinkBody(link: try self.emulator.heal(a, b))) }
            let modeName = query["mode"] ?? PartitionMode.stall.rawValue
            guard let mode = PartitionMode(rawValue: modeName) else {
                return Self.error(400, "bad_request", "mode must be stall or reset, got '\(modeName)'")
            }
            return Self.json(200, LinkBody(link: try self.emulator.partition(a, b, mode: mode)))
        } catch {
            return Self.error(error.code == .badRequest ? 400 : 404, error.code.rawValue, error.message)
        }
    }

    private static func error(_ status: Int, _ code: String, _ message: String) -> Response {
        Self.json(status, ErrorBody(error: code, message: message))
    }

    private static func json(_ status: Int, _ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":"internal","message":"encoding failed"}"#.utf8)
        return Response(status: status, body: String(decoding: data, as: UTF8.self) + "\n")
    }
}
