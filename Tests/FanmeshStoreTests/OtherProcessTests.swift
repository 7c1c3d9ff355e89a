import FanmeshStore
import Foundation
import Testing

@Suite("Other processes")
struct OtherProcessTests {
    private static let notFound =
        "StoreCrashProbe was not found near the test binary; build it with `swift build --product StoreCrashProbe`"

    @Test("Every commit a durable writer reported survives the writer being killed with SIGKILL")
    func reportedCommitsSurviveSIGKILL() async throws {
        try await withTemporaryDirectory { path in
            let probe = try #require(try StoreCrashProbeProcess.launch(path: path), Comment(rawValue: Self.notFound))
            let output = try await probe.kill { StoreCrashProbeProcess.highestCommit(in: $0) >= 40 }
            #expect(probe.process.terminationReason == .uncaughtSignal)
            #expect(probe.process.terminationStatus == SIGKILL)
            let reported = StoreCrashProbeProcess.highestCommit(in: output)
            #expect(reported >= 40, "the probe printed: \(output.suffix(500))")

            let store = try LMDBEnvironment(configuration: testConfiguration(path: path))
            defer { store.close() }
            let table = try store.table("crash_probe")
            let missing = try store.read { txn in
                try (1...max(reported, 1)).filter { sequence in
                    try txn.get(key(sequence), in: table) != Array("value \(sequence)".utf8)
                }
            }
            #expect(missing.isEmpty, "commits reported but lost: \(missing.prefix(20))")
            #expect(try store.read { txn in try txn.count(in: table) } >= reported)
        }
    }

    @Test("A map another process grew past this one's is adopted on the next transaction")
    func mapGrownByAnotherProcess() async throws {
        try await withTemporaryDirectory { path in
            var configuration = testConfiguration(path: path)
            configuration.mapSizeBytes = 64 * 1024
            let store = try LMDBEnvironment(configuration: configuration)
            defer { store.close() }
            let table = try store.table("crash_probe")
            let before = try store.info().mapSizeBytes

            let probe = try #require(
                try StoreCrashProbeProcess.launch(path: path, count: 100, valueBytes: 4_096),
                Comment(rawValue: Self.notFound)
            )
            let output = try await probe.kill { $0.hasSuffix("done\n") }
            #expect(StoreCrashProbeProcess.highestCommit(in: output) == 100, "the probe printed: \(output.suffix(500))")

            let count = try store.read { txn in try txn.count(in: table) }
            #expect(count == 100)
            try store.write { txn in try txn.put([1], forKey: key(1_000), in: table) }
            #expect(try store.info().mapSizeBytes > before)
            #expect(try store.read { txn in try txn.count(in: table) } == 101)
        }
    }
}
