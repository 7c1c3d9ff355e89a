#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the calling thread has open in one environment, kept in a pthread key so the check needs no lock.
///
/// It lets a read nested in a write (or in another read) on the same thread skip the resize lock it already
/// holds, and turns a nested write, which would deadlock, into a clear error.
final class TransactionNesting: @unchecked Sendable {  // each thread reads and writes only its own slot of the key
    struct State {
        var readDepth = 0
        var writing = false

        /// Whether this thread already holds the environment's resize lock shared.
        var holdsSharedLock: Bool { self.readDepth > 0 || self.writing }
    }

    private var key = pthread_key_t()

    init() {
        precondition(pthread_key_create(&self.key, nil) == 0, "pthread_key_create failed: too many environments open")
    }

    deinit {
        pthread_key_delete(self.key)
    }

    /// The calling thread's state.
    var current: State {
        get {
            let bits = Int(bitPattern: pthread_getspecific(self.key))
            return State(readDepth: bits >> 1, writing: bits & 1 == 1)
        }
        set {
            let bits = newValue.readDepth << 1 | (newValue.writing ? 1 : 0)
            pthread_setspecific(self.key, UnsafeRawPointer(bitPattern: bits))
        }
    }
}
