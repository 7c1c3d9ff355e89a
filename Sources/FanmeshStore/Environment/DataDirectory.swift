#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The directory an environment lives in: created like `mkdir -p`, checked writable, identified by device and inode.
struct DataDirectory: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64

    /// Creates `path` and its missing parents (mode 0755) and checks the process may write it.
    ///
    /// - Throws: ``StoreError`` naming the path at fault: `.notADirectory` when it or a parent is a file,
    ///   `.permissionDenied`, `.readOnly`, `.notFound`.
    init(preparing path: String) throws {
        try Self.createDirectories(path)
        guard access(path, W_OK | X_OK) == 0 else {
            throw StoreError(status: errno, operation: "access", path: path)
        }
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw StoreError(status: errno, operation: "stat", path: path)
        }
        self.device = UInt64(status.st_dev)
        self.inode = UInt64(status.st_ino)
    }

    /// The size of `path/data.mdb` in bytes, or 0 when there is none yet.
    static func dataFileBytes(in path: String) -> Int {
        var status = stat()
        guard stat(path + "/data.mdb", &status) == 0 else { return 0 }
        return Int(status.st_size)
    }

    private static func createDirectories(_ path: String) throws {
        if Self.isDirectory(path) { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += prefix.isEmpty || prefix.hasSuffix("/") ? String(component) : "/" + component
            if Self.isDirectory(prefix) { continue }
            if mkdir(prefix, 0o755) == 0 { continue }
            let failure = errno
            if failure == EEXIST && Self.isDirectory(prefix) { continue }
            if failure == EEXIST || failure == ENOTDIR {
                throw StoreError(
                    code: .notADirectory,
                    operation: "mkdir",
                    path: path,
                    status: StoreError.Status(ENOTDIR),
                    message: "\(Self.firstFile(in: path) ?? prefix) is a file, not a directory",
                    fix: "remove or rename that file, or point data_dir in the region file (or --data-dir) elsewhere"
                )
            }
            var error = StoreError(status: failure, operation: "mkdir", path: path)
            if prefix != path {
                error.message = "cannot create \(prefix), a parent of the data directory (\(error.status?.text ?? ""))"
            }
            throw error
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// The first component of `path` that exists and is not a directory.
    private static func firstFile(in path: String) -> String? {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += prefix.isEmpty || prefix.hasSuffix("/") ? String(component) : "/" + component
            var status = stat()
            guard stat(prefix, &status) == 0 else { return nil }
            if (status.st_mode & S_IFMT) != S_IFDIR { return prefix }
        }
        return nil
    }
}
