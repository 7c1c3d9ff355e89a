#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pthread readers–writer lock that prefers writers, so a stream of overlapping readers cannot starve a map
/// resize. Shared holds are not re-entrant while a writer waits: callers must not take it shared twice on one thread.
final class ReadWriteLock: @unchecked Sendable {  // the pthread object is itself the synchronisation
    private let rwlock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        self.rwlock = .allocate(capacity: 1)
        self.rwlock.initialize(to: pthread_rwlock_t())
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        defer { pthread_rwlockattr_destroy(&attributes) }
        #if canImport(Glibc)
            pthread_rwlockattr_setkind_np(&attributes, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        #endif
        precondition(pthread_rwlock_init(self.rwlock, &attributes) == 0, "pthread_rwlock_init failed")
    }

    deinit {
        pthread_rwlock_destroy(self.rwlock)
        self.rwlock.deallocate()
    }

    func lockShared() {
        pthread_rwlock_rdlock(self.rwlock)
    }

    func lockExclusive() {
        pthread_rwlock_wrlock(self.rwlock)
    }

    func unlock() {
        pthread_rwlock_unlock(self.rwlock)
    }
}
