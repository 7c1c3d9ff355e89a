extension LMDBEnvironment {
    /// Runs `body` in a write transaction on the store's writer thread and returns once it has committed (and,
    /// in `.durable` mode, reached the disk), without blocking the caller's thread.
    ///
    /// The same rules as ``write(_:)`` hold: a throwing `body` rolls back, and a full map grows and runs `body`
    /// again. Transactions run one at a time in the order queued. Once queued, a transaction runs even if the
    /// calling task is cancelled, so its outcome is never in doubt.
    ///
    /// - Throws: what `body` throws, or ``StoreError``: `.busy` when ``Configuration/maxQueuedWrites``
    ///   transactions are already waiting, `.mapFull`, `.closed`.
    @discardableResult
    package func writeAsync<T: Sendable>(
        _ body: @escaping @Sendable (borrowing WriteTransaction) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let outcome = self.writer.enqueue {
                continuation.resume(with: Result { try self.write(body) })
            }
            switch outcome {
            case .queued:
                break
            case .full(let depth):
                continuation.resume(throwing: self.queueFull(depth: depth))
            case .stopped:
                continuation.resume(throwing: StoreError.closed(operation: "writeAsync", path: self.path))
            }
        }
    }

    private func queueFull(depth: Int) -> StoreError {
        StoreError(
            code: .busy,
            operation: "writeAsync",
            path: self.path,
            message: "\(depth) write transactions are already waiting for the store's writer thread",
            fix: "answer `unavailable` and retry later; batch more changes into each transaction, or raise "
                + "LMDBEnvironment.Configuration.maxQueuedWrites"
        )
    }
}
