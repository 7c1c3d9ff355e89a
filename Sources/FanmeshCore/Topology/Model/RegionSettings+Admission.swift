extension RegionSettings {
    /// A region file's `admission` mapping: how fast a node lets fans in.
    package struct Admission: Sendable, Equatable {
        /// New sessions a node accepts per second (`sessions_per_second`).
        package var sessionsPerSecond: Int?
        /// The fraction of `capacity` above which a node drops out of `/route`, in (0, 1]
        /// (`max_load_share`).
        package var maxLoadShare: Double?

        package init() {}
    }
}
