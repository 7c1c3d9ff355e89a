/// A chat message as every node stores and forwards it: who said what in which room, and where and when it was
/// first stored (its origin and hybrid-logical-clock time).
///
/// Immutable once its origin has committed it; a node's own `position` for it lives in that node's room index,
/// not here.
package struct ChatMessage: Sendable, Equatable {
    package var id: MessageID
    package var time: HybridLogicalClock.Timestamp
    package var room: String
    package var user: String
    /// Display name from the sender's token.
    package var name: String
    package var text: String
    /// The origin node's region.
    package var region: String

    package init(
        id: MessageID,
        time: HybridLogicalClock.Timestamp,
        room: String,
        user: String,
        name: String,
        text: String,
        region: String
    ) {
        self.id = id
        self.time = time
        self.room = room
        self.user = user
        self.name = name
        self.text = text
        self.region = region
    }
}
