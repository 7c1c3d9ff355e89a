package import FanmeshCore
internal import Foundation
internal import JWTKit

extension ChatAuthenticator {
    /// The authenticator a node of `topology` in a region with `regionSettings` uses: `auth.hs256_key`, the ES256
    /// public keys in the files `auth.es256_public_keys` names, and `anonymous_read_only` (default false).
    ///
    /// Reads the PEM files now, so a node refuses to start with a key it cannot use.
    ///
    /// - Throws: `TopologyValidationError` naming, as `file:line: field: …`, every key file that is missing,
    ///   unreadable or holds no P-256 public key, and what to do about it.
    package static func load(topology: Topology, regionSettings: RegionSettings) async throws -> ChatAuthenticator {
        var problems: [TopologyProblem] = []
        let hs256Key = topology.auth.hs256Key
        if hs256Key.utf8.count < Self.minHS256KeyBytes {
            problems.append(
                topology.source.problem(
                    at: "auth.hs256_key",
                    "must be at least \(Self.minHS256KeyBytes) bytes, got \(hs256Key.utf8.count)"
                )
            )
        }
        var publicKeys: [ES256PublicKey] = []
        for (index, file) in topology.auth.es256PublicKeyFiles.enumerated() {
            let field = "auth.es256_public_keys[\(index)]"
            switch Self.readPublicKey(file: file) {
            case .success(let key):
                publicKeys.append(key)
            case .failure(let problem):
                problems.append(topology.source.problem(at: field, "\(file) \(problem.message)"))
            }
        }
        guard problems.isEmpty else { throw TopologyValidationError(problems: problems) }
        return await ChatAuthenticator(
            hs256Key: hs256Key,
            es256PublicKeys: publicKeys,
            anonymousReadOnly: regionSettings.anonymousReadOnly ?? false
        )
    }

    private static func readPublicKey(file: String) -> Result<ES256PublicKey, KeyError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            return .failure(
                KeyError(
                    message: "does not exist; put the issuer's ES256 public key PEM there or remove it from the list"
                )
            )
        }
        guard !isDirectory.boolValue else {
            return .failure(KeyError(message: "is a folder; name the issuer's ES256 public key PEM file instead"))
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            return .failure(KeyError(message: "cannot be read; let the node's user read it"))
        }
        let pem = String(decoding: data, as: UTF8.self)
        guard let key = Self.es256PublicKey(pem: pem) else {
            return .failure(KeyError(message: KeyError.pemProblem(holdsPrivateKey: pem.contains("PRIVATE KEY"))))
        }
        return .success(key)
    }
}
