import FanmeshStore
import Foundation

/// Runs `body` with the path of a new directory under the temporary directory, and removes it afterwards.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("fanmesh-store-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url.path)
}

/// A configuration for a store in `path` that skips fsync, to keep tests fast.
func testConfiguration(path: String) -> LMDBEnvironment.Configuration {
    var configuration = LMDBEnvironment.Configuration()
    configuration.path = path
    configuration.sync = .async
    return configuration
}

/// Runs `body` with a fresh store in a temporary directory, closed and removed afterwards.
func withTemporaryStore<T>(
    _ configure: (inout LMDBEnvironment.Configuration) -> Void = { _ in },
    _ body: (LMDBEnvironment) async throws -> T
) async throws -> T {
    try await withTemporaryDirectory { path in
        var configuration = testConfiguration(path: path)
        configure(&configuration)
        let store = try LMDBEnvironment(configuration: configuration)
        defer { store.close() }
        return try await body(store)
    }
}

/// The key a ``KeyEncoder`` makes of one `UInt64`.
func key(_ value: Int) -> [UInt8] {
    var encoder = KeyEncoder()
    encoder.append(UInt64(value))
    return encoder.bytes
}

/// Runs `body` on a new thread, so a test may block on it without holding a thread of the cooperative pool.
func onNewThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
