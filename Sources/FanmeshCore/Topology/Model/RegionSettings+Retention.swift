extension RegionSettings {
    /// A region file's `retention` mapping: how much chat history each node of the region keeps.
    package struct Retention: Sendable, Equatable {
        /// Messages older than this are compacted away (`max_age_seconds`).
        package var maxAge: Duration?
        /// The most messages a room keeps; older ones are compacted away (`max_messages_per_room`).
        package var maxMessagesPerRoom: Int?

        package init() {}
    }
}
