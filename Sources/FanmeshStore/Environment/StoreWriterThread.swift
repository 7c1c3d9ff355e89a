#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The store's own thread for ``LMDBEnvironment/writeAsync(_:)``: it runs queued jobs one at a time, in order, so
/// callers await commits and fsyncs without blocking the cooperative pool or an event loop.
///
/// The queue holds at most `maxQueuedJobs` waiting jobs (the running one not counted); ``stop()`` lets the queued
/// jobs finish, then ends the thread.
final class StoreWriterThread: @unchecked Sendable {  // every `var` is touched only with `condition` held
    typealias Job = @Sendable () -> Void

    enum EnqueueOutcome: Equatable {
        case queued
        /// The queue already holds this many jobs.
        case full(Int)
        case stopped
    }

    private let condition = ConditionLock()
    private let maxQueuedJobs: Int
    private var jobs: [Job?] = []
    private var head = 0
    private var stopping = false
    private var finished = false
    private var refusedJobs = 0
    private var threadID: pthread_t?

    /// Starts the thread.
    ///
    /// - Throws: ``StoreError`` when the system refuses a new thread.
    init(maxQueuedJobs: Int, path: String) throws {
        self.maxQueuedJobs = maxQueuedJobs
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let context = Unmanaged.passRetained(self).toOpaque()
        #if canImport(Darwin)
            var thread: pthread_t?
        #else
            var thread = pthread_t()
        #endif
        let status = pthread_create(
            &thread,
            &attributes,
            { context in
                let pointer: UnsafeMutableRawPointer? = context
                Unmanaged<StoreWriterThread>.fromOpaque(pointer!).takeRetainedValue().run()
                return nil
            },
            context
        )
        guard status == 0 else {
            Unmanaged<StoreWriterThread>.fromOpaque(context).release()
            throw StoreError(status: status, operation: "pthread_create", path: path)
        }
    }

    /// Queues `job` unless the queue is full or the thread is stopping.
    func enqueue(_ job: @escaping Job) -> EnqueueOutcome {
        self.condition.withLock {
            if self.stopping { return .stopped }
            let depth = self.jobs.count - self.head
            if depth >= self.maxQueuedJobs {
                self.refusedJobs += 1
                return .full(depth)
            }
            self.jobs.append(job)
            self.condition.broadcast()
            return .queued
        }
    }

    /// The jobs waiting now (the running one not counted), and the jobs refused as over the limit since start.
    var counts: (queued: Int, refused: Int) {
        self.condition.withLock { (self.jobs.count - self.head, self.refusedJobs) }
    }

    /// Refuses new jobs, waits for the queued ones to finish and for the thread to end. Called on the writer
    /// thread itself (by a job dropping the last reference to the environment), it returns without waiting and the
    /// thread ends after that job.
    func stop() {
        self.condition.withLock {
            self.stopping = true
            self.condition.broadcast()
            if let threadID = self.threadID, pthread_equal(threadID, pthread_self()) != 0 {
                return
            }
            while !self.finished {
                self.condition.wait()
            }
        }
    }

    /// Runs jobs until ``stop()``; each job is released before the next is taken, outside the lock, because
    /// releasing it may drop the last reference to the environment, whose `deinit` calls ``stop()``.
    private func run() {
        while let job = self.nextJob() {
            job()
        }
    }

    /// Waits for a job and takes it, or returns `nil` once stopping with nothing queued.
    private func nextJob() -> Job? {
        self.condition.withLock {
            self.threadID = pthread_self()
            while self.head == self.jobs.count && !self.stopping {
                self.condition.wait()
            }
            guard self.head < self.jobs.count, let job = self.jobs[self.head] else {
                self.finished = true
                self.condition.broadcast()
                return nil
            }
            self.jobs[self.head] = nil
            self.head += 1
            if self.head == self.jobs.count {
                self.jobs.removeAll(keepingCapacity: true)
                self.head = 0
            } else if self.head >= 64 && self.head * 2 >= self.jobs.count {
                self.jobs.removeFirst(self.head)
                self.head = 0
            }
            return job
        }
    }
}
