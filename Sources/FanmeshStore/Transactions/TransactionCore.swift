internal import CLMDB

/// What both transaction kinds do, on an open `MDB_txn`; valid only inside the closure that received it.
struct TransactionCore {
    let transaction: OpaquePointer
    let environmentID: UInt64
    /// Where a write transaction records its first `MDB_MAP_FULL`, so the environment grows the map and retries
    /// even when `body` swallowed the error; `nil` for reads.
    let mapFullRecorder: UnsafeMutablePointer<StoreError?>?

    /// The error for `status`, recorded first if it is `MDB_MAP_FULL`.
    func failure(_ status: Int32, _ operation: String, table: String?) -> StoreError {
        let error = StoreError(status: status, operation: operation, table: table)
        if status == MDB_MAP_FULL, let recorder = self.mapFullRecorder, recorder.pointee == nil {
            recorder.pointee = error
        }
        return error
    }

    /// `table`'s handle, checked to belong to this environment instance.
    func handle(of table: Table, for operation: String) throws -> MDB_dbi {
        guard table.environmentID == self.environmentID else {
            throw StoreError.invalidUse(
                operation: operation,
                table: table.name,
                message: "the table was opened by another LMDBEnvironment instance",
                fix: "get it from this environment's table(_:)"
            )
        }
        return table.handle
    }

    func withValue<T>(
        forKey key: some Collection<UInt8>,
        in table: Table,
        _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T? {
        let handle = try self.handle(of: table, for: "mdb_get")
        var value = MDB_val()
        let status = withBytes(of: key) { key in
            var key = MDB_val(key)
            return mdb_get(self.transaction, handle, &key, &value)
        }
        if status == MDB_NOTFOUND { return nil }
        guard status == 0 else { throw self.failure(status, "mdb_get", table: table.name) }
        return try body(UnsafeRawBufferPointer(value))
    }

    func count(in table: Table) throws -> Int {
        let handle = try self.handle(of: table, for: "mdb_stat")
        var stat = MDB_stat()
        let status = mdb_stat(self.transaction, handle, &stat)
        guard status == 0 else { throw self.failure(status, "mdb_stat", table: table.name) }
        return stat.ms_entries
    }

    func put(
        _ value: some Collection<UInt8>,
        forKey key: some Collection<UInt8>,
        in table: Table,
        overwrite: Bool
    ) throws -> Bool {
        let handle = try self.handle(of: table, for: "mdb_put")
        let flags = overwrite ? 0 : UInt32(MDB_NOOVERWRITE)
        let status = withBytes(of: key) { key in
            withBytes(of: value) { value in
                var key = MDB_val(key)
                var value = MDB_val(value)
                return mdb_put(self.transaction, handle, &key, &value, flags)
            }
        }
        if status == MDB_KEYEXIST && !overwrite { return false }
        guard status == 0 else { throw self.failure(status, "mdb_put", table: table.name) }
        return true
    }

    func delete(_ key: some Collection<UInt8>, in table: Table) throws -> Bool {
        let handle = try self.handle(of: table, for: "mdb_del")
        let status = withBytes(of: key) { key in
            var key = MDB_val(key)
            return mdb_del(self.transaction, handle, &key, nil)
        }
        if status == MDB_NOTFOUND { return false }
        guard status == 0 else { throw self.failure(status, "mdb_del", table: table.name) }
        return true
    }

    func deleteAll(in table: Table) throws -> Int {
        let removed = try self.count(in: table)
        let handle = try self.handle(of: table, for: "mdb_drop")
        let status = mdb_drop(self.transaction, handle, 0)
        guard status == 0 else { throw self.failure(status, "mdb_drop", table: table.name) }
        return removed
    }
}

extension MDB_val {
    /// Points at `bytes` without copying; LMDB only reads keys and values passed in.
    init(_ bytes: UnsafeRawBufferPointer) {
        self.init(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
    }
}

extension UnsafeRawBufferPointer {
    /// The bytes `value` points at, in the map.
    init(_ value: MDB_val) {
        self.init(start: value.mv_data, count: value.mv_size)
    }
}
