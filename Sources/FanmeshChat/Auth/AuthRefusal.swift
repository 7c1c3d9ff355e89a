internal import Foundation

/// Why a WebSocket upgrade was refused for its token: the wire `code` (always `unauthorized`), a ``message`` that
/// tells the fan or the integrator what to do, and a ``reason`` for logs and metrics.
///
/// The node answers it with status 401 and ``jsonBody``. No message ever quotes the token or a key.
package struct AuthRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why the token was refused: a small fixed set, safe as a log field or a metrics label.
    package enum Reason: String, Sendable, Equatable {
        case noToken = "no_token"
        case tooLong = "too_long"
        case malformed
        case algorithm
        case signature
        case expired
        case claims
    }

    /// The `error` of `docs/protocol.md`'s refused-upgrade table.
    package var code: String { "unauthorized" }
    package var reason: Reason
    /// What is wrong and what to do, for the fan or whoever mints its tokens.
    package var message: String

    package init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    /// `{"error":"unauthorized","message":"…"}`, the body of the 401 answer.
    package var jsonBody: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(Body(error: self.code, message: self.message)) else {
            return #"{"error":"unauthorized"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    package var description: String { "\(self.code): \(self.message)" }

    private struct Body: Encodable {
        var error: String
        var message: String
    }
}
