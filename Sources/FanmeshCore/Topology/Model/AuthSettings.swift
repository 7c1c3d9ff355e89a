/// The keys that sign and verify client tokens: a topology's `auth` mapping.
///
/// Its description never shows the HS256 key, so printing a ``Topology`` cannot leak it.
package struct AuthSettings: Sendable, Equatable, CustomStringConvertible {
    /// The shared HS256 secret (`hs256_key`); the loader requires at least 32 bytes of UTF-8.
    package var hs256Key: String
    /// Absolute paths of PEM files with ES256 public keys (`es256_public_keys`). The loader does not
    /// open them; a node reads them when it starts.
    package var es256PublicKeyFiles: [String]

    package init(hs256Key: String, es256PublicKeyFiles: [String] = []) {
        self.hs256Key = hs256Key
        self.es256PublicKeyFiles = es256PublicKeyFiles
    }

    package var description: String {
        "AuthSettings(hs256Key: <\(hs256Key.utf8.count) bytes>, es256PublicKeyFiles: \(es256PublicKeyFiles))"
    }
}
