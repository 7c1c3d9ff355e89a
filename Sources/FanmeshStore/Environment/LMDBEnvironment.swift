internal import CLMDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open LMDB environment: one data directory holding named ``Table``s, read and written in transactions.
///
/// Share one instance per directory across the process (LMDB must not open a directory twice in one process;
/// a second `init` for it throws `.busy`); other processes may open the same directory at the same time.
/// Reads run on the calling thread and run in parallel. Writes are serialised: ``write(_:)`` blocks the calling
/// thread, and ``writeAsync(_:)`` runs on the store's own writer thread. A full map doubles on its own up to
/// ``Configuration/maxMapSizeBytes``.
package final class LMDBEnvironment: Sendable {
    /// The settings this environment was opened with.
    package let configuration: Configuration
    let handle: EnvironmentHandle
    /// Tells this instance's ``Table``s from those of another instance.
    let id: UInt64
    let directory: DataDirectory
    /// The map size past which writes fail with `.mapFull`: the configured ceiling in whole pages, or the data
    /// file's size if that is larger.
    let ceilingBytes: Int
    /// Serialises write transactions in this process; held before the resize lock, never after.
    let writeLock = ConditionLock()
    let nesting = TransactionNesting()
    let tables = LockedValue<[String: Table]>([:])
    let writer: StoreWriterThread

    /// The data directory.
    package var path: String { self.configuration.path }

    /// Opens the environment in `configuration.path`, creating the directory and its parents if missing.
    ///
    /// - Throws: ``StoreError`` naming the path and what to do: `.notADirectory` when the path or a parent is a
    ///   file, `.permissionDenied`, `.readOnly`, `.busy` when this process already has it open, `.corrupted`,
    ///   `.invalidUse` for settings LMDB cannot use.
    package init(configuration: Configuration) throws {
        try configuration.validate()
        let path = configuration.path
        let directory = try DataDirectory(preparing: path)
        let claimed = openDirectories.withLock { $0.insert(directory).inserted }
        guard claimed else {
            throw StoreError(
                code: .busy,
                operation: "LMDBEnvironment.init",
                path: path,
                message: "\(path) is already open in this process",
                fix: "share the one LMDBEnvironment for it, or close() it before opening it again"
            )
        }
        let pageBytes = Int(sysconf(Int32(_SC_PAGESIZE)))
        let existingBytes = DataDirectory.dataFileBytes(in: path)
        let ceiling = max(configuration.maxMapSizeBytes / pageBytes * pageBytes, existingBytes, pageBytes)
        let initial = min(
            max((configuration.mapSizeBytes + pageBytes - 1) / pageBytes * pageBytes, existingBytes),
            ceiling
        )
        let pointer: OpaquePointer
        let writer: StoreWriterThread
        do {
            pointer = try Self.open(configuration, mapSizeBytes: initial)
            do {
                writer = try StoreWriterThread(maxQueuedJobs: configuration.maxQueuedWrites, path: path)
            } catch {
                mdb_env_close(pointer)
                throw error
            }
        } catch {
            openDirectories.withLock { _ = $0.remove(directory) }
            throw error
        }
        self.configuration = configuration
        self.handle = EnvironmentHandle(pointer)
        self.id = UInt64.random(in: .min ... .max)
        self.directory = directory
        self.ceilingBytes = ceiling
        self.writer = writer
    }

    deinit {
        self.close()
    }

    /// Closes the environment: waits for queued ``writeAsync(_:)`` transactions to commit and for open transactions
    /// on other threads to end, then unmaps the files. Idempotent; afterwards every call throws `.closed`.
    ///
    /// Must not be called inside one of this environment's own transaction closures, which it would wait for.
    package func close() {
        precondition(
            !self.nesting.current.holdsSharedLock,
            "LMDBEnvironment.close() called inside one of its own transaction closures"
        )
        self.writer.stop()
        if self.handle.close() {
            openDirectories.withLock { _ = $0.remove(self.directory) }
        }
    }

    private static func open(_ configuration: Configuration, mapSizeBytes: Int) throws -> OpaquePointer {
        let path = configuration.path
        var created: OpaquePointer?
        let status = mdb_env_create(&created)
        guard status == 0, let environment = created else {
            throw StoreError(status: status, operation: "mdb_env_create", path: path)
        }
        func check(_ status: Int32, _ operation: String) throws {
            guard status == 0 else { throw StoreError(status: status, operation: operation, path: path) }
        }
        do {
            try check(mdb_env_set_maxreaders(environment, UInt32(configuration.maxReaders)), "mdb_env_set_maxreaders")
            try check(mdb_env_set_maxdbs(environment, UInt32(configuration.maxTables)), "mdb_env_set_maxdbs")
            try check(mdb_env_set_mapsize(environment, mapSizeBytes), "mdb_env_set_mapsize")
            var flags = UInt32(MDB_NOTLS)
            if configuration.sync == .async {
                flags |= UInt32(MDB_NOSYNC)
            }
            try check(mdb_env_open(environment, path, flags, 0o644), "mdb_env_open")
        } catch {
            mdb_env_close(environment)
            throw error
        }
        var staleReaders: Int32 = 0
        _ = mdb_reader_check(environment, &staleReaders)
        return environment
    }
}

/// The data directories open in this process, since LMDB must not open one twice.
private let openDirectories = LockedValue<Set<DataDirectory>>([])
