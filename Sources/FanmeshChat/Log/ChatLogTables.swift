internal import FanmeshCore
internal import FanmeshStore

/// The LMDB tables of the chat log and their key layouts.
///
/// - `chat_messages`: (origin, seq) → ``ChatMessage`` record. Every message this node knows, its own and (with
///   replication) other origins'.
/// - `chat_rooms`: (room, position) → the `chat_messages` key. A room's history in this node's order.
/// - `chat_versions`: origin → highest sequence applied, committed with the messages (the version vector).
/// - `chat_floors`: origin → the retention floor, the highest sequence of that origin deleted by compaction or
///   skipped after a replication gap; this node cannot serve entries at or below it. A `chat_rooms` entry with an
///   empty value is a room's compacted newest position, kept so the room's positions never restart.
struct ChatLogTables: Sendable {
    let messages: Table
    let rooms: Table
    let versions: Table
    let floors: Table

    init(store: LMDBEnvironment) throws {
        self.messages = try store.table("chat_messages")
        self.rooms = try store.table("chat_rooms")
        self.versions = try store.table("chat_versions")
        self.floors = try store.table("chat_floors")
    }

    /// The `chat_rooms` value of a room's newest position once compaction deleted its message.
    static let compactedHead: [UInt8] = []

    static func messageKey(_ id: MessageID) -> [UInt8] {
        var key = KeyEncoder()
        key.append(id.origin)
        key.append(id.sequence)
        return key.bytes
    }

    static func roomKey(room: String, position: UInt64) -> [UInt8] {
        var key = KeyEncoder()
        key.append(room)
        key.append(position)
        return key.bytes
    }

    static func roomPrefix(_ room: String) -> [UInt8] {
        var key = KeyEncoder()
        key.append(room)
        return key.bytes
    }

    static func versionKey(origin: String) -> [UInt8] {
        var key = KeyEncoder()
        key.append(origin)
        return key.bytes
    }

    static func encode(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    static func decodeUInt64(_ bytes: some Collection<UInt8>) -> UInt64? {
        guard bytes.count == 8 else { return nil }
        return bytes.reduce(0) { ($0 << 8) | UInt64($1) }
    }

    /// The position part of a `chat_rooms` key.
    static func position(fromRoomKey key: UnsafeRawBufferPointer) -> UInt64? {
        guard key.count >= 8 else { return nil }
        return UnsafeRawBufferPointer(rebasing: key[(key.count - 8)...]).reduce(0) { ($0 << 8) | UInt64($1) }
    }
}
