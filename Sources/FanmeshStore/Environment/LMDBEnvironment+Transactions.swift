internal import CLMDB

extension LMDBEnvironment {
    /// Runs `body` in a read-only transaction: a snapshot as of its start, which writes committed meanwhile do
    /// not change.
    ///
    /// Runs on the calling thread. Reads run in parallel and never wait for writers, only briefly for a map
    /// resize. `body` gets the transaction borrowed, so it cannot keep it. A read may be nested in another read or
    /// write of this environment on the same thread. Don't wait inside `body` for a write to finish: a write that
    /// must grow the map first waits for every open read.
    ///
    /// - Throws: what `body` throws, or ``StoreError``: `.closed`, `.busy` when every reader slot is in use.
    package func read<T>(_ body: (borrowing ReadTransaction) throws -> T) throws -> T {
        let outer = self.nesting.current
        let nested = outer.holdsSharedLock
        while true {
            guard let environment = self.handle.lockShared(alreadyHeld: nested) else {
                self.handle.unlockShared(alreadyHeld: nested)
                throw StoreError.closed(operation: "read", path: self.path)
            }
            var opened: OpaquePointer?
            let status = mdb_txn_begin(environment, nil, UInt32(MDB_RDONLY), &opened)
            if status == MDB_MAP_RESIZED && !nested {
                self.handle.unlockShared(alreadyHeld: false)
                try self.adoptMapSizeSetElsewhere()
                continue
            }
            guard status == 0, let transaction = opened else {
                self.handle.unlockShared(alreadyHeld: nested)
                throw StoreError(status: status, operation: "mdb_txn_begin", path: self.path)
            }
            var inner = outer
            inner.readDepth += 1
            self.nesting.current = inner
            defer {
                mdb_txn_abort(transaction)
                self.nesting.current = outer
                self.handle.unlockShared(alreadyHeld: nested)
            }
            let core = TransactionCore(transaction: transaction, environmentID: self.id, mapFullRecorder: nil)
            return try body(ReadTransaction(core: core))
        }
    }

    /// Runs `body` in a write transaction and commits it when `body` returns; if `body` throws, the transaction
    /// is aborted, so none of its changes happen, and the error is rethrown.
    ///
    /// Blocks the calling thread: it waits for other writers of this process (and LMDB's lock across processes),
    /// and in `.durable` mode the commit fsyncs. From async code or an event loop use ``writeAsync(_:)``.
    /// When the map fills, the store doubles it (up to ``Configuration/maxMapSizeBytes``) and runs `body` again
    /// from the start in a new transaction, so keep side effects other than the transaction's out of `body`.
    /// Must not be called inside another transaction closure of this environment on the same thread.
    ///
    /// - Throws: what `body` throws, or ``StoreError``: `.mapFull` at the ceiling, `.diskFull`, `.closed`,
    ///   `.invalidUse` when nested.
    @discardableResult
    package func write<T>(_ body: (borrowing WriteTransaction) throws -> T) throws -> T {
        try self.performWrite(operation: "write") { core in try body(WriteTransaction(core: core)) }
    }

    /// Runs `body` in a write transaction with the map growth and retry ``write(_:)`` promises.
    func performWrite<T>(operation: String, table: String? = nil, _ body: (TransactionCore) throws -> T) throws -> T {
        let outer = self.nesting.current
        guard !outer.holdsSharedLock else {
            throw Self.nestedWrite(outer, operation: operation, table: table, path: self.path)
        }
        self.writeLock.lock()
        defer { self.writeLock.unlock() }
        var inner = outer
        inner.writing = true
        self.nesting.current = inner
        defer { self.nesting.current = outer }
        while true {
            guard let environment = self.handle.lockShared(alreadyHeld: false) else {
                self.handle.unlockShared(alreadyHeld: false)
                throw StoreError.closed(operation: operation, table: table, path: self.path)
            }
            var opened: OpaquePointer?
            let status = mdb_txn_begin(environment, nil, 0, &opened)
            if status == MDB_MAP_RESIZED {
                self.handle.unlockShared(alreadyHeld: false)
                try self.adoptMapSizeSetElsewhere()
                continue
            }
            guard status == 0, let transaction = opened else {
                self.handle.unlockShared(alreadyHeld: false)
                throw StoreError(status: status, operation: "mdb_txn_begin", table: table, path: self.path)
            }
            var mapFull: StoreError?
            let outcome = withUnsafeMutablePointer(to: &mapFull) { recorder in
                let core = TransactionCore(transaction: transaction, environmentID: self.id, mapFullRecorder: recorder)
                return Result { try body(core) }
            }
            var commitFailure: StoreError?
            if mapFull == nil, case .success = outcome {
                let status = mdb_txn_commit(transaction)
                if status == MDB_MAP_FULL {
                    mapFull = StoreError(status: status, operation: "mdb_txn_commit", table: table, path: self.path)
                } else if status != 0 {
                    commitFailure = StoreError(
                        status: status,
                        operation: "mdb_txn_commit",
                        table: table,
                        path: self.path
                    )
                }
            } else {
                mdb_txn_abort(transaction)
            }
            self.handle.unlockShared(alreadyHeld: false)
            if let mapFull {
                try self.growMap(after: mapFull)
                continue
            }
            if let commitFailure {
                throw commitFailure
            }
            return try outcome.get()
        }
    }

    private static func nestedWrite(
        _ state: TransactionNesting.State,
        operation: String,
        table: String?,
        path: String
    ) -> StoreError {
        if state.writing {
            return .invalidUse(
                operation: operation,
                table: table,
                path: path,
                message: "a write transaction of this environment is already open on this thread, and they do not nest",
                fix: "do this work inside the outer write closure"
            )
        }
        return .invalidUse(
            operation: operation,
            table: table,
            path: path,
            message: "a read transaction of this environment is open on this thread, and a write begun inside it "
                + "could deadlock a map resize",
            fix: "finish the read closure first, then write"
        )
    }
}
