package import NIOCore

/// The compact binary record of a ``ChatMessage`` (LMDB values and replication frames).
///
/// Layout, big-endian: version `UInt8` (1), sequence `UInt64`, time `UInt64`, then origin, room, user, name, text
/// and region, each a `UInt32` byte count and UTF-8 bytes.
extension ChatMessage {
    package static let codecVersion: UInt8 = 1

    package func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(Self.codecVersion)
        buffer.writeInteger(self.id.sequence)
        buffer.writeInteger(self.time.rawValue)
        for field in [self.id.origin, self.room, self.user, self.name, self.text, self.region] {
            buffer.writeInteger(UInt32(field.utf8.count))
            buffer.writeString(field)
        }
    }

    /// Reads one record from `buffer`, consuming it.
    ///
    /// - Throws: ``ChatMessageDecodingError`` naming the field at fault when the bytes are not a record.
    package init(decoding buffer: inout ByteBuffer) throws(ChatMessageDecodingError) {
        guard let version = buffer.readInteger(as: UInt8.self) else { throw .init("version", "record is empty") }
        guard version == Self.codecVersion else {
            throw .init("version", "unknown record version \(version); this build reads version \(Self.codecVersion)")
        }
        guard let sequence = buffer.readInteger(as: UInt64.self) else { throw .init("sequence", "truncated") }
        guard let time = buffer.readInteger(as: UInt64.self) else { throw .init("time", "truncated") }
        func string(_ field: String) throws(ChatMessageDecodingError) -> String {
            guard let count = buffer.readInteger(as: UInt32.self) else { throw .init(field, "truncated length") }
            guard count <= buffer.readableBytes else {
                throw .init(field, "length \(count) runs past the record's end")
            }
            guard let value = buffer.readString(length: Int(count)) else { throw .init(field, "truncated") }
            return value
        }
        let origin = try string("origin")
        self.init(
            id: MessageID(origin: origin, sequence: sequence),
            time: .init(rawValue: time),
            room: try string("room"),
            user: try string("user"),
            name: try string("name"),
            text: try string("text"),
            region: try string("region")
        )
    }

    /// The record's bytes.
    package var encoded: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(48 + self.text.utf8.count + self.room.utf8.count + self.name.utf8.count)
        self.encode(into: &buffer)
        return buffer
    }
}

/// Bytes that are not a ``ChatMessage`` record.
package struct ChatMessageDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    package var field: String
    package var problem: String

    init(_ field: String, _ problem: String) {
        self.field = field
        self.problem = problem
    }

    package var description: String { "chat message record: \(self.field): \(self.problem)" }
}
