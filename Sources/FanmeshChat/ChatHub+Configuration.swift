extension ChatHub {
    /// The chat's limits and tunables. Defaults run the demo mesh; region files override them
    /// (``ChatHub/Configuration/init(region:)``).
    package struct Configuration: Sendable, Equatable {
        /// Largest WebSocket frame a fan may send, in bytes (`limits.max_frame_bytes`).
        package var maxFrameBytes = 16_384
        /// Longest message text in UTF-8 bytes (`limits.max_message_bytes`).
        package var maxMessageBytes = 2_048
        /// Longest message text in grapheme clusters (`limits.max_message_graphemes`).
        package var maxMessageGraphemes = 500
        /// Messages one user may post per ``rateWindow`` (`limits.rate_messages`); moderators are exempt.
        package var rateMessages = 20
        /// The window of ``rateMessages`` (`limits.rate_window_seconds`).
        package var rateWindow: Duration = .seconds(30)
        /// Slow mode of a room nobody has set it for (`limits.slow_mode_seconds`); zero is off.
        package var defaultSlowMode: Duration = .zero
        /// Rooms one connection may join (`limits.max_rooms_per_connection`).
        package var maxRoomsPerConnection = 8
        /// Connections one client address may hold (`limits.max_connections_per_address`).
        package var maxConnectionsPerAddress = 200_000
        /// Bytes queued to one fan before it is dropped as a slow consumer (`limits.outbound_budget_bytes`).
        package var outboundBudgetBytes = 256 * 1024
        /// How long a room gathers new messages into one frame (`limits.batch_window_ms`); zero sends at once.
        package var batchWindow: Duration = .milliseconds(5)
        /// Fans without a token may read but not post (`anonymous_read_only`).
        package var anonymousReadOnly = false
        /// Messages in a plain join's page and the default history page.
        package var historyPageSize = 50
        /// How far back a join with `since` replays, in messages.
        package var maxReplayMessages = 10_000
        /// How far back a join with `since` replays, in time.
        package var maxReplayAge: Duration = .seconds(600)
        /// Sends waiting for a group commit before new ones are refused with `unavailable`.
        package var maxPendingSends = 20_000
        /// Most messages in one write transaction.
        package var maxCommitBatch = 2_048
        /// How often rooms tell their members the member count, at most.
        package var presenceInterval: Duration = .seconds(1)
        /// Messages older than this are deleted by compaction (`retention.max_age_seconds`).
        package var retentionMaxAge: Duration = .seconds(24 * 3600)
        /// A room keeps at most this many messages; compaction deletes older ones
        /// (`retention.max_messages_per_room`).
        package var retentionMaxMessagesPerRoom = 100_000
        /// How often compaction runs.
        package var compactionInterval: Duration = .seconds(30)
        /// Most deletions in one compaction write transaction, so writers never wait long behind it.
        package var maxCompactionDeletionsPerTransaction = 5_000

        package init() {}

        package var replayWindow: ChatLog.ReplayWindow {
            .init(maxMessages: self.maxReplayMessages, maxAge: self.maxReplayAge)
        }
    }
}
