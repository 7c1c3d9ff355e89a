extension RegionSettings {
    /// A region file's `limits` mapping: what one fan or connection may do.
    package struct Limits: Sendable, Equatable {
        /// The largest WebSocket frame a fan may send, in bytes (`max_frame_bytes`).
        package var maxFrameBytes: Int?
        /// The largest chat message text, in UTF-8 bytes (`max_message_bytes`).
        package var maxMessageBytes: Int?
        /// The longest chat message text, in grapheme clusters (`max_message_graphemes`).
        package var maxMessageGraphemes: Int?
        /// How many messages a user's token bucket holds per ``rateWindow`` (`rate_messages`).
        package var rateMessages: Int?
        /// The window of the per-user rate limit (`rate_window_seconds`).
        package var rateWindow: Duration?
        /// The least time between one user's messages in a room; zero is off (`slow_mode_seconds`).
        package var slowMode: Duration?
        /// How many rooms one connection may join (`max_rooms_per_connection`).
        package var maxRoomsPerConnection: Int?
        /// How many connections one client address may hold (`max_connections_per_address`).
        package var maxConnectionsPerAddress: Int?
        /// How many bytes may wait to be written to one fan before the fan is dropped
        /// (`outbound_budget_bytes`).
        package var outboundBudgetBytes: Int?
        /// How long a room's new messages are gathered into one frame (`batch_window_ms`).
        package var batchWindow: Duration?

        package init() {}
    }
}
