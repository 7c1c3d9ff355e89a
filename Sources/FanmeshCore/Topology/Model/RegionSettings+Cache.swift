extension RegionSettings {
    /// A region file's `cache` mapping: the HLS cache's budgets.
    package struct Cache: Sendable, Equatable {
        /// The in-memory tier's budget in bytes (`memory`).
        package var memoryBytes: Int?
        /// The LMDB tier's budget in bytes (`disk`).
        package var diskBytes: Int?

        package init() {}
    }
}
