/// What a join with `since` or a history request gets: messages after a position, or the latest page when the
/// asker is too far behind (`recovered == false`).
package struct HistoryPage: Sendable, Equatable {
    package var room: String
    /// The room's newest position when the page was read; the next live message has a greater one.
    package var head: UInt64
    /// False when the asker missed more than the replay window holds: `messages` is then the latest page.
    package var recovered: Bool
    package var messages: [StoredMessage]

    package init(room: String, head: UInt64, recovered: Bool, messages: [StoredMessage]) {
        self.room = room
        self.head = head
        self.recovered = recovered
        self.messages = messages
    }
}
