import FanmeshChat
import FanmeshStore
import Foundation
import Logging
import Synchronization

/// Chat logs on real LMDB stores in temporary directories.
enum TemporaryChatLog {
    static let logger = Logger(label: "fanmesh.chat.tests") { _ in SwiftLogNoOpLogHandler() }

    /// Runs `body` with the path of a new directory under the temporary directory, and removes it afterwards.
    static func withDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fanmesh-chat-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        return try await body(url.path)
    }

    /// A store in `path` that skips fsync, to keep tests fast.
    static func openStore(path: String) throws -> LMDBEnvironment {
        var configuration = LMDBEnvironment.Configuration()
        configuration.path = path
        configuration.sync = .async
        return try LMDBEnvironment(configuration: configuration)
    }

    static func makeLog(
        store: LMDBEnvironment,
        nodeID: String = "seoul-1",
        configure: (inout ChatHub.Configuration) -> Void = { _ in }
    ) throws -> ChatLog {
        var configuration = ChatHub.Configuration()
        configure(&configuration)
        return try ChatLog(
            store: store,
            nodeID: nodeID,
            region: "seoul",
            configuration: configuration,
            metrics: ChatMetrics(),
            logger: Self.logger
        )
    }

    /// Runs `body` with a fresh log on a fresh store, closed and removed afterwards.
    static func withLog<T>(
        configure: (inout ChatHub.Configuration) -> Void = { _ in },
        _ body: (ChatLog) async throws -> T
    ) async throws -> T {
        try await Self.withDirectory { path in
            let store = try Self.openStore(path: path)
            defer { store.close() }
            return try await body(try Self.makeLog(store: store, configure: configure))
        }
    }

    static func draft(_ room: String = "show", text: String = "hi", user: String = "u1") -> ChatLog.Draft {
        ChatLog.Draft(room: room, user: user, name: "Name of \(user)", text: text)
    }
}

extension ChatLog {
    /// Appends `draft` and waits for its commit or refusal.
    func append(_ draft: Draft) async -> Result<StoredMessage, ChatError> {
        await withCheckedContinuation { continuation in
            self.append(draft) { continuation.resume(returning: $0) }
        }
    }

    /// Appends `drafts` one after another, waiting for each; throws on the first refusal.
    @discardableResult
    func appendAll(_ drafts: [Draft]) async throws -> [StoredMessage] {
        var stored: [StoredMessage] = []
        for draft in drafts { stored.append(try await self.append(draft).get()) }
        return stored
    }
}

/// Waits, polling, until `condition` holds; fails after `timeout` instead of hanging.
func waitUntil(
    timeout: Duration = .seconds(10),
    _ what: String,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw FixtureError("timed out waiting until \(what)") }
        try await Task.sleep(for: .milliseconds(2))
    }
}
