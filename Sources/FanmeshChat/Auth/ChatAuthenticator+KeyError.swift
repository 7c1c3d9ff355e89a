extension ChatAuthenticator {
    /// A key ``ChatAuthenticator`` cannot use; it never shows the key.
    package struct KeyError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong and what to do.
        package var message: String

        package var description: String { self.message }

        static func hs256KeyTooShort(bytes: Int) -> KeyError {
            KeyError(
                message: "the HS256 key is \(bytes) bytes; use at least \(ChatAuthenticator.minHS256KeyBytes) "
                    + "random bytes in auth.hs256_key"
            )
        }

        /// `index` counts from 0, as in the list it came from.
        static func notAnES256PublicKey(index: Int, holdsPrivateKey: Bool) -> KeyError {
            KeyError(message: "ES256 public key #\(index): " + Self.pemProblem(holdsPrivateKey: holdsPrivateKey))
        }

        /// Why a PEM is unusable and what to put there instead.
        static func pemProblem(holdsPrivateKey: Bool) -> String {
            if holdsPrivateKey {
                return "holds a private key; configure only the issuer's public key "
                    + "(`openssl ec -in issuer.key -pubout` prints it) and keep the private key with the issuer"
            }
            return "is not a P-256 public key in PEM form; it must hold one `-----BEGIN PUBLIC KEY-----` block, "
                + "such as `openssl ec -in issuer.key -pubout` prints"
        }
    }
}
