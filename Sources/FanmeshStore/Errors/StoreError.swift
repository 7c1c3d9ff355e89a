/// A store failure that says what failed, on which table or path, why, and what to do about it.
///
/// Its description reads
/// `mdb_put(chat_log): MDB_MAP_FULL — the map reached its ceiling of 4 GiB; raise lmdb.max_map_size in the region
/// file, or free space by deleting old data`. Branch on ``code``; show ``description`` to operators.
package struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is, for callers that branch (chat answers `unavailable` on ``Code/mapFull``).
    package var code: Code
    /// The call that failed, such as `mdb_put`, `mdb_env_open`, `mkdir` or `writeAsync`.
    package var operation: String
    /// The table the call worked on, if any.
    package var table: String?
    /// The file or directory the call worked on, if any.
    package var path: String?
    /// The LMDB or `errno` status behind the failure; `nil` when the store itself refused.
    package var status: Status?
    /// What went wrong, in words.
    package var message: String
    /// What the user or operator should do.
    package var fix: String

    package var description: String {
        let subject = (self.table ?? self.path).map { "(\($0))" } ?? ""
        let status = self.status.map { "\($0.name) — " } ?? ""
        return "\(self.operation)\(subject): \(status)\(self.message); \(self.fix)"
    }

    init(
        code: Code,
        operation: String,
        table: String? = nil,
        path: String? = nil,
        status: Status? = nil,
        message: String,
        fix: String
    ) {
        self.code = code
        self.operation = operation
        self.table = table
        self.path = path
        self.status = status
        self.message = message
        self.fix = fix
    }
}

extension StoreError {
    /// A status code from LMDB (`MDB_*`, negative) or the C library (`errno`, positive).
    package struct Status: Hashable, Sendable {
        /// The raw code.
        package var value: Int32
        /// The symbolic name: `MDB_MAP_FULL`, `EACCES`, or `status 42` when unknown.
        package var name: String
        /// `mdb_strerror`'s text for it.
        package var text: String
    }
}
