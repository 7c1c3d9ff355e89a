/// A refusal a fan can act on: a stable wire `code`, a `message` that says what to do, and the `nonce` of the
/// request it answers. The session renders it as `{"op":"error",...}`; the connection stays up.
package struct ChatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The codes of `docs/protocol.md`.
    package enum Code: String, Sendable, Equatable {
        case badRequest = "bad_request"
        case tooLong = "too_long"
        case rateLimited = "rate_limited"
        case slowMode = "slow_mode"
        case forbidden
        case unavailable
        case `internal`
    }

    package var code: Code
    package var message: String
    package var nonce: String?

    package init(_ code: Code, _ message: String, nonce: String? = nil) {
        self.code = code
        self.message = message
        self.nonce = nonce
    }

    package func with(nonce: String?) -> ChatError {
        var copy = self
        copy.nonce = nonce
        return copy
    }

    package var description: String { "\(self.code.rawValue): \(self.message)" }
}
