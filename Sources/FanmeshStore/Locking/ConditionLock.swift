#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pthread mutex with one condition variable.
///
/// The store uses pthreads rather than `Synchronization.Mutex` because the package still supports macOS 14.
final class ConditionLock: @unchecked Sendable {  // the pthread objects are themselves the synchronisation
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        self.mutex = .allocate(capacity: 1)
        self.mutex.initialize(to: pthread_mutex_t())
        self.condition = .allocate(capacity: 1)
        self.condition.initialize(to: pthread_cond_t())
        precondition(pthread_mutex_init(self.mutex, nil) == 0, "pthread_mutex_init failed")
        precondition(pthread_cond_init(self.condition, nil) == 0, "pthread_cond_init failed")
    }

    deinit {
        pthread_cond_destroy(self.condition)
        pthread_mutex_destroy(self.mutex)
        self.condition.deallocate()
        self.mutex.deallocate()
    }

    func lock() {
        pthread_mutex_lock(self.mutex)
    }

    func unlock() {
        pthread_mutex_unlock(self.mutex)
    }

    /// Waits for ``broadcast()``; the caller holds the lock, and holds it again on return.
    func wait() {
        pthread_cond_wait(self.condition, self.mutex)
    }

    func broadcast() {
        pthread_cond_broadcast(self.condition)
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        self.lock()
        defer { self.unlock() }
        return try body()
    }
}
