internal import Foundation

extension AuthRefusal {
    static let noToken = AuthRefusal(.noToken, "no token: pass it as `Authorization: Bearer TOKEN` or `?token=`")

    static func tooLong(bytes: Int) -> AuthRefusal {
        AuthRefusal(
            .tooLong,
            "token is \(bytes) bytes, over the limit of \(ChatAuthenticator.maxTokenBytes) (8 KiB); "
                + "mint a shorter one, with fewer `rooms`"
        )
    }

    /// `detail` says what is wrong with the token's shape; it must not quote the token.
    static func malformed(_ detail: String) -> AuthRefusal {
        AuthRefusal(
            .malformed,
            "malformed token: \(detail); send the token exactly as it was minted"
        )
    }

    static func unsupportedAlgorithm(_ algorithm: String) -> AuthRefusal {
        let shown = algorithm.utf8.count <= 16 ? algorithm : String(algorithm.prefix(16)) + "…"
        return AuthRefusal(
            .algorithm,
            "token algorithm `\(shown)` is not accepted: tokens must be signed with HS256 or ES256; "
                + "mint one with `fanmesh token`"
        )
    }

    static let badSignature = AuthRefusal(
        .signature,
        "token signature does not verify: it was not signed with this mesh's key or a trusted issuer's; "
            + "mint a new one with `fanmesh token` or from a trusted issuer"
    )

    static let noES256Issuer = AuthRefusal(
        .signature,
        "token signature does not verify: it is signed with ES256 but this mesh trusts no ES256 issuer; "
            + "mint one with `fanmesh token`, or list the issuer's public key in the topology's "
            + "auth.es256_public_keys"
    )

    static func expired(at date: Date) -> AuthRefusal {
        AuthRefusal(.expired, "token expired at \(date.formatted(.iso8601)); mint a new one")
    }

    /// `detail` names the claim and what is wrong with it.
    static func invalidClaims(_ detail: String) -> AuthRefusal {
        AuthRefusal(.claims, "\(detail); mint a new token with `fanmesh token`")
    }
}
