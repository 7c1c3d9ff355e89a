internal import CLMDB

extension LMDBEnvironment {
    /// The table named `name`, created if missing; cached, so later calls for the name cost a dictionary lookup.
    ///
    /// The first call for a name runs a short write transaction, so open tables at startup, not inside a
    /// transaction closure (where that first call throws `.invalidUse`).
    ///
    /// - Throws: ``StoreError``: `.other` past ``Configuration/maxTables``, `.closed`, `.invalidUse` for an empty name.
    package func table(_ name: String) throws -> Table {
        if let table = self.tables.withLock({ $0[name] }) {
            return table
        }
        guard !name.isEmpty else {
            throw StoreError.invalidUse(
                operation: "mdb_dbi_open",
                path: self.path,
                message: "a table name must not be empty",
                fix: "name the table"
            )
        }
        let table = try self.performWrite(operation: "mdb_dbi_open", table: name) { core in
            var handle = MDB_dbi()
            let status = mdb_dbi_open(core.transaction, name, UInt32(MDB_CREATE), &handle)
            guard status == 0 else {
                throw core.failure(status, "mdb_dbi_open", table: name)
            }
            return Table(name: name, handle: handle, environmentID: self.id)
        }
        self.tables.withLock { $0[name] = table }
        return table
    }
}
