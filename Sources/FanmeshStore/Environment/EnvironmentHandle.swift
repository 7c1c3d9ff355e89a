internal import CLMDB

/// The `MDB_env` pointer behind the resize lock: every transaction holds the lock shared for its whole life, and
/// a map resize or `close()` holds it exclusive, because LMDB lets the map change only with no transaction active.
final class EnvironmentHandle: @unchecked Sendable {  // `pointer` changes only under the exclusive lock
    private let lock = ReadWriteLock()
    private var pointer: OpaquePointer?

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// Takes the lock shared, unless this thread `alreadyHeld` it, and returns the environment, or `nil` once
    /// closed. Call ``unlockShared(alreadyHeld:)`` after, even on `nil`.
    func lockShared(alreadyHeld: Bool) -> OpaquePointer? {
        if !alreadyHeld { self.lock.lockShared() }
        return self.pointer
    }

    func unlockShared(alreadyHeld: Bool) {
        if !alreadyHeld { self.lock.unlock() }
    }

    /// Runs `body` with no transaction open in this process; `body` gets `nil` once closed.
    func withExclusive<T>(_ body: (OpaquePointer?) throws -> T) rethrows -> T {
        self.lock.lockExclusive()
        defer { self.lock.unlock() }
        return try body(self.pointer)
    }

    /// Closes the environment once every transaction has ended; later calls do nothing.
    ///
    /// - Returns: whether this call closed it.
    func close() -> Bool {
        self.withExclusive { pointer in
            guard let pointer else { return false }
            mdb_env_close(pointer)
            self.pointer = nil
            return true
        }
    }
}
