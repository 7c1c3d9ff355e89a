import FanmeshChat
import FanmeshCore
import Foundation
import JWTKit
import Testing

@Suite("Building the authenticator from a topology")
struct ChatAuthenticatorTopologyTests {
    /// A fresh folder holding `files` (name → contents), removed when `body` returns.
    static func withFolder<T>(
        _ files: [String: String],
        _ body: (String) async throws -> T
    ) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("auth-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, contents) in files {
            try Data(contents.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        return try await body(folder)
    }

    static func topology(folder: String, keyFiles: [String], hs256Key: String = AuthFixture.hs256Key) -> Topology {
        Topology(
            name: "test",
            sourceFile: folder + "/topology.yaml",
            auth: AuthSettings(hs256Key: hs256Key, es256PublicKeyFiles: keyFiles.map { folder + "/" + $0 }),
            regions: []
        )
    }

    @Test("The key files and the region's anonymous setting are read and used")
    func loads() async throws {
        let issuer = ES256PrivateKey()
        try await Self.withFolder(["issuer.pem": issuer.publicKey.pemRepresentation]) { folder in
            var settings = RegionSettings()
            settings.anonymousReadOnly = true
            let authenticator = try await ChatAuthenticator.load(
                topology: Self.topology(folder: folder, keyFiles: ["issuer.pem"]),
                regionSettings: settings
            )
            #expect(authenticator.anonymousReadOnly)
            #expect(try await authenticator.authenticate(token: nil).get().isAnonymous)
            let keys = await JWTKeyCollection().add(ecdsa: issuer)
            let es256 = try await keys.sign(
                ChatClaims(sub: "u1", exp: ExpirationClaim(value: Date(timeIntervalSince1970: AuthFixture.farFuture)))
            )
            #expect(try await authenticator.authenticate(token: es256).get().userID == "u1")
            let hs256 = try await TokenMinter.mint(hs256Key: AuthFixture.hs256Key, user: "u2")
            #expect(try await authenticator.authenticate(token: hs256).get().userID == "u2")
        }
    }

    @Test("Without anonymous_read_only in the region file, a connection needs a token")
    func anonymousDefaultsOff() async throws {
        try await Self.withFolder([:]) { folder in
            let authenticator = try await ChatAuthenticator.load(
                topology: Self.topology(folder: folder, keyFiles: []),
                regionSettings: RegionSettings()
            )
            #expect(!authenticator.anonymousReadOnly)
            #expect(AuthFixture.refusal(await authenticator.authenticate(token: nil))?.reason == .noToken)
        }
    }

    static let badFiles: [(name: String, says: String)] = [
        ("missing.pem", "missing.pem does not exist; put the issuer's ES256 public key PEM there"),
        ("folder", "folder is a folder"),
        ("garbage.pem", "garbage.pem is not a P-256 public key in PEM form"),
        ("empty.pem", "empty.pem is not a P-256 public key in PEM form"),
        ("private.pem", "private.pem holds a private key; configure only the issuer's public key"),
    ]

    @Test(
        "A key file that is missing or holds no ES256 public key stops the node, naming the file",
        arguments: badFiles
    )
    func badKeyFile(name: String, says: String) async throws {
        let files = [
            "garbage.pem": "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n",
            "empty.pem": "",
            "private.pem": ES256PrivateKey().pemRepresentation,
        ]
        try await Self.withFolder(files) { folder in
            try FileManager.default.createDirectory(atPath: folder + "/folder", withIntermediateDirectories: true)
            let error = await #expect(throws: TopologyValidationError.self) {
                try await ChatAuthenticator.load(
                    topology: Self.topology(folder: folder, keyFiles: [name]),
                    regionSettings: RegionSettings()
                )
            }
            let description = error?.description ?? ""
            #expect(description.hasPrefix("\(folder)/topology.yaml:1: auth.es256_public_keys[0]: \(folder)/"))
            #expect(description.contains(says), "\(description)")
            #expect(!description.contains("bm90IGEga2V5"))
            #expect(!description.contains("BEGIN PRIVATE KEY"))
            #expect(!description.contains("BEGIN EC PRIVATE KEY"))
        }
    }

    @Test("Every bad key file is reported, not just the first")
    func reportsAll() async throws {
        let issuer = ES256PrivateKey()
        try await Self.withFolder(["good.pem": issuer.publicKey.pemRepresentation]) { folder in
            let error = await #expect(throws: TopologyValidationError.self) {
                try await ChatAuthenticator.load(
                    topology: Self.topology(folder: folder, keyFiles: ["a.pem", "good.pem", "b.pem"]),
                    regionSettings: RegionSettings()
                )
            }
            #expect(error?.problems.map(\.field) == ["auth.es256_public_keys[0]", "auth.es256_public_keys[2]"])
        }
    }

    @Test("A short HS256 key in a topology built in code is reported, without showing the key")
    func shortKey() async throws {
        try await Self.withFolder([:]) { folder in
            let error = await #expect(throws: TopologyValidationError.self) {
                try await ChatAuthenticator.load(
                    topology: Self.topology(folder: folder, keyFiles: [], hs256Key: "tiny-key"),
                    regionSettings: RegionSettings()
                )
            }
            #expect(error?.problems.map(\.field) == ["auth.hs256_key"])
            #expect(error?.description.contains("tiny-key") == false)
        }
    }
}
