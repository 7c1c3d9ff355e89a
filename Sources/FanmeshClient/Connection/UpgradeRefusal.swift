/// A node's answer to an upgrade it refused: its HTTP status and, from its JSON body, `error` and `message`.
struct UpgradeRefusal: Sendable, Hashable {
    var status: Int
    var code: String?
    var message: String?

    /// The refusal as the error ``ChatClient/run()`` throws or reports.
    var error: ChatClientError {
        let code: ChatClientError.Code =
            switch self.status {
            case 401: .unauthorized
            case 503: .unavailable
            default: .init(rawValue: self.code ?? "http_\(self.status)")
            }
        let message = self.message ?? "the node refused the WebSocket upgrade with HTTP \(self.status)"
        return ChatClientError(code: code, message: message)
    }

    /// Whether trying again later may work: everything but a refused token (HTTP 401).
    var isRetryable: Bool {
        self.status != 401
    }
}
