internal import CLMDB

extension LMDBEnvironment {
    /// Doubles the map after `failure` (an `MDB_MAP_FULL`), capped at ``ceilingBytes``.
    ///
    /// The caller holds the write lock and no transaction; this waits for every open read to end.
    /// - Throws: `.mapFull` naming `failure`'s operation and table when the map is already at the ceiling.
    func growMap(after failure: StoreError) throws {
        try self.handle.withExclusive { environment in
            guard let environment else {
                throw StoreError.closed(operation: failure.operation, table: failure.table, path: self.path)
            }
            var info = MDB_envinfo()
            mdb_env_info(environment, &info)
            guard info.me_mapsize < self.ceilingBytes else {
                throw StoreError.mapFull(
                    operation: failure.operation,
                    table: failure.table,
                    path: self.path,
                    ceilingBytes: self.ceilingBytes
                )
            }
            let grown = min(info.me_mapsize * 2, self.ceilingBytes)
            let status = mdb_env_set_mapsize(environment, grown)
            guard status == 0 else {
                throw StoreError(
                    status: status,
                    operation: "mdb_env_set_mapsize",
                    table: failure.table,
                    path: self.path
                )
            }
        }
    }

    /// Adopts the larger map another process set (`MDB_MAP_RESIZED`); the caller holds no transaction.
    func adoptMapSizeSetElsewhere() throws {
        try self.handle.withExclusive { environment in
            guard let environment else { return }
            let status = mdb_env_set_mapsize(environment, 0)
            guard status == 0 else {
                throw StoreError(status: status, operation: "mdb_env_set_mapsize", path: self.path)
            }
        }
    }
}
