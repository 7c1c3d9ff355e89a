internal import CLMDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension StoreError {
    /// The error for status `value` (LMDB or `errno`) returned by `operation` on `table` or at `path`, with a fix.
    init(status value: Int32, operation: String, table: String? = nil, path: String? = nil) {
        let status = Status(value)
        let explanation = Self.explain(status, path: path ?? "the data directory")
        self.init(
            code: explanation.code,
            operation: operation,
            table: table,
            path: path,
            status: status,
            message: explanation.message,
            fix: explanation.fix
        )
    }

    private static func explain(_ status: Status, path: String) -> (code: Code, message: String, fix: String) {
        switch status.value {
        case MDB_MAP_FULL:
            return (
                .mapFull, "the map is full",
                "raise lmdb.max_map_size in the region file, or free space by deleting old data"
            )
        case MDB_KEYEXIST:
            return (.keyExists, "the key already exists", "pass overwrite: true, or choose another key")
        case MDB_NOTFOUND:
            return (.notFound, "no such key", "check the key and the table")
        case MDB_CORRUPTED, MDB_PAGE_NOTFOUND, MDB_PANIC, MDB_INVALID, MDB_VERSION_MISMATCH:
            return (
                .corrupted, "the data files in \(path) are damaged or not written by LMDB 0.9 (\(status.text))",
                "stop the node, move \(path) aside and let the node resync from its peers, or restore a backup"
            )
        case MDB_DBS_FULL:
            return (
                .other, "the environment already holds its maximum number of tables",
                "raise lmdb.max_tables in the region file (LMDBEnvironment.Configuration.maxTables)"
            )
        case MDB_READERS_FULL:
            return (
                .busy, "every reader slot is in use",
                "raise LMDBEnvironment.Configuration.maxReaders, or finish read transactions sooner"
            )
        case MDB_TXN_FULL:
            return (.other, "the transaction changed too many pages", "split the write into smaller transactions")
        case MDB_MAP_RESIZED:
            return (
                .busy, "another process grew the map while this thread had a transaction open",
                "retry the transaction outside any other transaction closure"
            )
        case MDB_INCOMPATIBLE:
            return (
                .invalidUse, "the table exists with other flags than asked",
                "open it with the flags it was created with, or use another table name"
            )
        case MDB_BAD_TXN, MDB_BAD_RSLOT, MDB_BAD_DBI:
            return (
                .invalidUse, "the transaction can no longer be used after an earlier failure in it",
                "rethrow the first error from the transaction closure instead of carrying on"
            )
        case MDB_BAD_VALSIZE:
            return (.invalidUse, "the key is empty or too long", "use keys of 1 to 511 bytes")
        case EACCES, EPERM:
            return (
                .permissionDenied, "permission denied on \(path)",
                "let the user running fanmesh write it (chown or chmod), or point data_dir in the region file "
                    + "(or --data-dir) at a writable directory"
            )
        case EROFS:
            return (
                .readOnly, "\(path) is on a read-only file system",
                "point data_dir in the region file (or --data-dir) at a directory on a writable disk"
            )
        case ENOSPC, EDQUOT:
            return (
                .diskFull, "the disk holding \(path) is full",
                "free disk space, or point data_dir (or --data-dir) at a larger disk"
            )
        case ENOTDIR:
            return (
                .notADirectory, "a component of \(path) is a file, not a directory",
                "remove or rename that file, or point data_dir in the region file (or --data-dir) elsewhere"
            )
        case ENOENT:
            return (
                .notFound, "\(path) does not exist and cannot be created",
                "create its parent directory, or point data_dir in the region file (or --data-dir) elsewhere"
            )
        case EAGAIN, EBUSY:
            return (.busy, "\(path) is locked by another process", "stop the other process, or wait and retry")
        case ENOMEM:
            return (
                .other, "not enough memory or address space to map \(path)",
                "lower lmdb.map_size and lmdb.max_map_size, or give the process more memory"
            )
        case EMFILE, ENFILE:
            return (.busy, "too many open files", "raise the open-file limit (ulimit -n) or close other stores")
        default:
            return (.other, status.text, "if this persists, report it with this message")
        }
    }
}
