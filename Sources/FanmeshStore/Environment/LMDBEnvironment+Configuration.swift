extension LMDBEnvironment {
    /// How to open an environment. `Configuration()` opens `./data` with the demo mesh's settings; a region file's
    /// `lmdb` mapping overrides them (keys in parentheses).
    package struct Configuration: Sendable {
        /// The directory holding `data.mdb` and `lock.mdb`, created with its parents if missing (`data_dir`).
        package var path = "data"
        /// The map size to start with, in bytes; an existing larger data file keeps its size (`lmdb.map_size`).
        package var mapSizeBytes = 64 * 1024 * 1024
        /// The ceiling, in bytes, up to which a full map doubles on its own before writes fail with
        /// ``StoreError/Code/mapFull`` (`lmdb.max_map_size`). It is address space, not disk: the file grows with
        /// the data.
        package var maxMapSizeBytes = 4 * 1024 * 1024 * 1024
        /// The most named tables the environment can hold (`lmdb.max_tables`).
        package var maxTables = 32
        /// The most read transactions open at once across all processes using the directory.
        package var maxReaders = 126
        /// When a commit counts as done (`lmdb.sync`).
        package var sync = SyncMode.durable
        /// The most ``LMDBEnvironment/writeAsync(_:)`` transactions waiting for the writer thread; one more fails
        /// with ``StoreError/Code/busy`` rather than queueing without bound.
        package var maxQueuedWrites = 1_024

        package init() {}
    }

    /// When a commit counts as done.
    package enum SyncMode: Sendable, Hashable {
        /// Each commit is fsynced before it returns: it survives a power cut.
        case durable
        /// Commits are left in the OS page cache (`MDB_NOSYNC`): they survive the process being killed, but a
        /// machine crash may lose the last ones. ``LMDBEnvironment/flush()`` forces them out.
        case async
    }
}

extension LMDBEnvironment.Configuration {
    /// Refuses settings LMDB cannot work with, naming the setting.
    func validate() throws {
        func refuse(_ message: String, _ fix: String) -> StoreError {
            .invalidUse(operation: "LMDBEnvironment.init", path: self.path, message: message, fix: fix)
        }
        guard !self.path.isEmpty else {
            throw refuse("the data directory path is empty", "set data_dir in the region file, or pass --data-dir")
        }
        guard self.mapSizeBytes > 0, self.maxMapSizeBytes >= self.mapSizeBytes else {
            throw refuse(
                "map_size \(self.mapSizeBytes) must be positive and not above max_map_size \(self.maxMapSizeBytes)",
                "set lmdb.map_size at or below lmdb.max_map_size in the region file"
            )
        }
        guard self.maxTables > 0, self.maxReaders > 0, self.maxQueuedWrites > 0 else {
            throw refuse(
                "max tables \(self.maxTables), max readers \(self.maxReaders) and max queued writes "
                    + "\(self.maxQueuedWrites) must all be positive",
                "set each to 1 or more"
            )
        }
    }
}
