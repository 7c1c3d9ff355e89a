internal import Foundation

extension ChatAuthenticator {
    /// The token a `GET /ws` carries: from `Authorization: Bearer TOKEN` (any case of `Bearer`), else from the
    /// query's first non-empty `token=` parameter, percent-decoded. Nil when neither holds one.
    ///
    /// - Parameters:
    ///   - authorization: The `Authorization` header's value, if any.
    ///   - query: The request's query, with or without its leading `?`.
    package static func token(authorization: String?, query: String?) -> String? {
        if let authorization, let token = Self.bearerToken(authorization) {
            return token
        }
        if let query, let token = Self.queryToken(query) {
            return token
        }
        return nil
    }

    private static func bearerToken(_ authorization: String) -> String? {
        let value = authorization.trimmingCharacters(in: .whitespaces)
        guard let space = value.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return nil }
        guard value[..<space].lowercased() == "bearer" else { return nil }
        let token = value[space...].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    private static func queryToken(_ query: String) -> String? {
        let query = query.hasPrefix("?") ? query.dropFirst() : Substring(query)
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, Self.percentDecoded(parts[0]) == "token" else { continue }
            let token = Self.percentDecoded(parts[1])
            if !token.isEmpty { return token }
        }
        return nil
    }

    /// `text` with `%XX` escapes decoded; unchanged when an escape is broken, so a mangled token is refused as
    /// malformed rather than taken for no token at all.
    private static func percentDecoded(_ text: Substring) -> String {
        String(text).removingPercentEncoding ?? String(text)
    }
}
