internal import CLMDB

extension LMDBEnvironment {
    /// Sizes for metrics and capacity checks.
    package struct Info: Sendable, Hashable {
        /// The current map size in bytes: address space reserved for the data, not disk used.
        package var mapSizeBytes: Int
        /// The ceiling the map may grow to, in bytes.
        package var maxMapSizeBytes: Int
        /// The bytes in use: (last page number + 1) × page size, about the data file's size.
        package var usedBytes: Int
        /// LMDB's page size in bytes.
        package var pageSizeBytes: Int
        /// The id of the last committed write transaction.
        package var lastTransactionID: Int
        /// ``LMDBEnvironment/writeAsync(_:)`` transactions waiting for the writer thread now (a depth gauge).
        package var queuedWrites: Int
        /// ``LMDBEnvironment/writeAsync(_:)`` transactions refused with `.busy` since the environment opened.
        package var refusedWrites: Int
    }

    /// The environment's current sizes; cheap (no transaction), safe from any thread.
    ///
    /// - Throws: ``StoreError`` `.closed`.
    package func info() throws -> Info {
        let nested = self.nesting.current.holdsSharedLock
        defer { self.handle.unlockShared(alreadyHeld: nested) }
        guard let environment = self.handle.lockShared(alreadyHeld: nested) else {
            throw StoreError.closed(operation: "mdb_env_info", path: self.path)
        }
        var info = MDB_envinfo()
        var stat = MDB_stat()
        mdb_env_info(environment, &info)
        mdb_env_stat(environment, &stat)
        let pageBytes = Int(stat.ms_psize)
        let writes = self.writer.counts
        return Info(
            mapSizeBytes: info.me_mapsize,
            maxMapSizeBytes: self.ceilingBytes,
            usedBytes: (info.me_last_pgno + 1) * pageBytes,
            pageSizeBytes: pageBytes,
            lastTransactionID: info.me_last_txnid,
            queuedWrites: writes.queued,
            refusedWrites: writes.refused
        )
    }

    /// Forces committed transactions to disk (fsync), blocking the calling thread. Needed only in `.async` mode,
    /// where commits otherwise reach the disk when the OS writes them back.
    ///
    /// - Throws: ``StoreError`` `.closed`, `.diskFull`, or the I/O error.
    package func flush() throws {
        let nested = self.nesting.current.holdsSharedLock
        defer { self.handle.unlockShared(alreadyHeld: nested) }
        guard let environment = self.handle.lockShared(alreadyHeld: nested) else {
            throw StoreError.closed(operation: "mdb_env_sync", path: self.path)
        }
        let status = mdb_env_sync(environment, 1)
        guard status == 0 else {
            throw StoreError(status: status, operation: "mdb_env_sync", path: self.path)
        }
    }
}
