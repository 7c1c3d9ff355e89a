internal import Foundation
internal import JWTKit

/// Decodes a token's claims after jwt-kit has checked its signature, throwing an ``AuthRefusal`` that names the
/// claim at fault where jwt-kit's own parser would bury a `DecodingError` in a string.
struct ChatClaimsParser: JWTParser {
    var jsonDecoder: any JWTJSONDecoder = .defaultForJWT

    func parse<Payload: JWTPayload>(
        _ token: some DataProtocol,
        as _: Payload.Type
    ) throws -> (header: JWTHeader, payload: Payload, signature: Data) {
        let segments = Array(token).split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard segments.count == 3,
            let headerData = CompactToken.decode(base64URL: segments[0]),
            let payloadData = CompactToken.decode(base64URL: segments[1]),
            let signature = CompactToken.decode(base64URL: segments[2])
        else {
            throw AuthRefusal.malformed("a JWT has three base64url parts joined by dots")
        }
        let header: JWTHeader
        do {
            header = try self.jsonDecoder.decode(JWTHeader.self, from: headerData)
        } catch {
            throw AuthRefusal.malformed("the header is not a JSON object")
        }
        do {
            let payload = try self.jsonDecoder.decode(Payload.self, from: payloadData)
            return (header, payload, signature)
        } catch let error as DecodingError {
            throw Self.refusal(for: error)
        } catch {
            throw AuthRefusal.malformed("the claims are not a valid JSON object")
        }
    }

    /// What each claim holds, for messages about a claim of the wrong type.
    private static let claimTypes = [
        "sub": "a string (the user id)",
        "name": "a string",
        "exp": "a number of seconds since the Unix epoch",
        "mod": "true or false",
        "rooms": "an array of room names",
    ]

    private static func refusal(for error: DecodingError) -> AuthRefusal {
        switch error {
        case .keyNotFound(let key, let context) where context.codingPath.isEmpty:
            let what = Self.claimTypes[key.stringValue].map { ", \($0)" } ?? ""
            return .invalidClaims("token has no `\(key.stringValue)` claim\(what)")
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context),
            .keyNotFound(_, let context):
            guard let claim = context.codingPath.first?.stringValue else {
                return .malformed("the claims are not a valid JSON object")
            }
            let expected = Self.claimTypes[claim].map { " must be \($0)" } ?? " has the wrong type"
            return .invalidClaims("token claim `\(claim)`\(expected)")
        @unknown default:
            return .malformed("the claims do not decode")
        }
    }
}
