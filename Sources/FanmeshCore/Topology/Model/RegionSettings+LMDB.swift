extension RegionSettings {
    /// A region file's `lmdb` mapping.
    package struct LMDB: Sendable, Equatable {
        /// The initial map size in bytes (`map_size`).
        package var mapSizeBytes: Int?
        /// The ceiling for automatic map growth in bytes (`max_map_size`); not below ``mapSizeBytes``.
        package var maxMapSizeBytes: Int?
        /// The most named tables the environment may hold (`max_tables`).
        package var maxTables: Int?
        /// Whether a commit waits for the disk (`sync`).
        package var sync: SyncMode?

        package init() {}
    }

    /// When an LMDB commit counts as done.
    package enum SyncMode: String, Sendable, Equatable, CaseIterable {
        /// The commit is on disk when it returns (fsync); an ack survives a power cut.
        case durable
        /// The commit is in the OS page cache; a crash of the machine may lose the last commits.
        case async
    }
}
