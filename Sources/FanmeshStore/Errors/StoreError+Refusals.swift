internal import CLMDB

extension StoreError {
    /// The map is at its ceiling, so a write that needs more room is refused.
    static func mapFull(operation: String, table: String?, path: String, ceilingBytes: Int) -> StoreError {
        var error = StoreError(status: MDB_MAP_FULL, operation: operation, table: table, path: path)
        error.message = "the map reached its ceiling of \(ByteCountText(ceilingBytes))"
        error.fix = "raise lmdb.max_map_size in the region file, or free space by deleting old data"
        return error
    }

    /// The environment was closed before this call.
    static func closed(operation: String, table: String? = nil, path: String) -> StoreError {
        StoreError(
            code: .closed,
            operation: operation,
            table: table,
            path: path,
            message: "the environment at \(path) is closed",
            fix: "open a new LMDBEnvironment, or stop using this one after close()"
        )
    }

    /// The caller broke a rule of the API; `message` says which.
    static func invalidUse(
        operation: String,
        table: String? = nil,
        path: String? = nil,
        message: String,
        fix: String
    ) -> StoreError {
        StoreError(code: .invalidUse, operation: operation, table: table, path: path, message: message, fix: fix)
    }
}
