@testable import FanmeshClient

/// A message of `room` at `position`, from origin `o` with the same sequence number.
func message(_ room: String = "show", at position: UInt64, text: String? = nil) -> ChatMessage {
    ChatMessage(
        room: room,
        id: "o:\(position)",
        user: "u",
        name: "U",
        text: text ?? "m\(position)",
        timestampMilliseconds: 1,
        region: "seoul",
        position: position
    )!
}

func joined(
    _ room: String = "show",
    position: UInt64,
    recovered: Bool = true,
    count: Int = 3,
    history: [ChatMessage] = []
) -> JoinedRoom {
    JoinedRoom(room: room, position: position, recovered: recovered, count: count, history: history)
}

/// The messages a list of actions delivers, by position.
func deliveredPositions(_ actions: [ChatClient.Session.Action]) -> [UInt64] {
    actions.compactMap {
        if case .emit(.message(let message)) = $0 { message.position } else { nil }
    }
}

/// A session that is online and in `show`, having delivered up to position `last`.
func sessionInShow(upTo last: UInt64) -> ChatClient.Session {
    var session = ChatClient.Session()
    _ = session.connected()
    _ = session.joinRequested("show")
    _ = session.received(.joined(joined(position: last)))
    return session
}
