package import FanmeshCore
package import NIOCore

/// The byte layout: every frame is a big-endian `UInt32` length of what follows, a `UInt8` kind, and the kind's
/// body. Strings are a `UInt16` byte count and UTF-8; entries reuse the ``ChatMessage`` record.
extension ReplicationFrame {
    /// Appends the frame, length prefix included.
    package func encode(into buffer: inout ByteBuffer) {
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(UInt32(0))
        let bodyStart = buffer.writerIndex
        switch self {
        case .subscribe(let after):
            buffer.writeInteger(Kind.subscribe.rawValue)
            buffer.writeInteger(UInt32(after.count))
            for origin in after.keys.sorted() {
                Self.writeString(origin, into: &buffer)
                buffer.writeInteger(after[origin]!)
            }
        case .entries(let origin, let messages):
            buffer.writeInteger(Kind.entries.rawValue)
            Self.writeString(origin, into: &buffer)
            buffer.writeInteger(UInt32(messages.count))
            for message in messages {
                let recordLengthIndex = buffer.writerIndex
                buffer.writeInteger(UInt32(0))
                let recordStart = buffer.writerIndex
                message.encode(into: &buffer)
                buffer.setInteger(UInt32(buffer.writerIndex - recordStart), at: recordLengthIndex)
            }
        case .heartbeat(let origin, let time, let sequence):
            buffer.writeInteger(Kind.heartbeat.rawValue)
            Self.writeString(origin, into: &buffer)
            buffer.writeInteger(time.rawValue)
            buffer.writeInteger(sequence)
        case .gap(let origin, let through):
            buffer.writeInteger(Kind.gap.rawValue)
            Self.writeString(origin, into: &buffer)
            buffer.writeInteger(through)
        case .stats(var json):
            buffer.writeInteger(Kind.stats.rawValue)
            buffer.writeBuffer(&json)
        }
        buffer.setInteger(UInt32(buffer.writerIndex - bodyStart), at: lengthIndex)
    }

    /// Decodes one frame body (after the length prefix), consuming all of `body`.
    ///
    /// - Throws: ``ReplicationFrameError`` saying which part is malformed.
    package init(body: inout ByteBuffer) throws(ReplicationFrameError) {
        guard let rawKind = body.readInteger(as: UInt8.self) else { throw .init("an empty frame has no kind") }
        guard let kind = Kind(rawValue: rawKind) else { throw .init("unknown frame kind \(rawKind)") }
        switch kind {
        case .subscribe:
            guard let count = body.readInteger(as: UInt32.self), count <= 100_000 else {
                throw .init("subscribe: bad origin count")
            }
            var after: [String: UInt64] = [:]
            for _ in 0..<count {
                let origin = try Self.readString(from: &body, field: "subscribe origin")
                guard let sequence = body.readInteger(as: UInt64.self) else { throw .init("subscribe: truncated") }
                after[origin] = sequence
            }
            self = .subscribe(after)
        case .entries:
            let origin = try Self.readString(from: &body, field: "entries origin")
            guard let count = body.readInteger(as: UInt32.self), count <= 1_000_000 else {
                throw .init("entries: bad entry count")
            }
            var messages: [ChatMessage] = []
            messages.reserveCapacity(Int(min(count, 4_096)))
            for index in 0..<count {
                guard let length = body.readInteger(as: UInt32.self), var record = body.readSlice(length: Int(length))
                else { throw .init("entries: entry \(index) is truncated") }
                do {
                    messages.append(try ChatMessage(decoding: &record))
                } catch {
                    throw .init("entries: entry \(index): \(error)")
                }
                guard messages[messages.count - 1].id.origin == origin else {
                    throw .init("entries: entry \(index) is from another origin")
                }
            }
            self = .entries(origin: origin, messages: messages)
        case .heartbeat:
            let origin = try Self.readString(from: &body, field: "heartbeat origin")
            guard let time = body.readInteger(as: UInt64.self), let sequence = body.readInteger(as: UInt64.self) else {
                throw .init("heartbeat: truncated")
            }
            self = .heartbeat(origin: origin, time: .init(rawValue: time), sequence: sequence)
        case .gap:
            let origin = try Self.readString(from: &body, field: "gap origin")
            guard let through = body.readInteger(as: UInt64.self) else { throw .init("gap: truncated") }
            self = .gap(origin: origin, through: through)
        case .stats:
            self = .stats(body.readSlice(length: body.readableBytes) ?? ByteBuffer())
        }
        guard body.readableBytes == 0 else { throw .init("\(kind) frame has \(body.readableBytes) bytes left over") }
    }

    private static func writeString(_ string: String, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt16(truncatingIfNeeded: string.utf8.count))
        buffer.writeString(string)
    }

    private static func readString(from buffer: inout ByteBuffer, field: String) throws(ReplicationFrameError) -> String {
        guard let length = buffer.readInteger(as: UInt16.self), let string = buffer.readString(length: Int(length))
        else { throw .init("\(field) is truncated") }
        return string
    }
}

/// Bytes on a peer stream that are not a replication frame; the stream is closed with this reason.
package struct ReplicationFrameError: Error, Sendable, Equatable, CustomStringConvertible {
    package var problem: String

    init(_ problem: String) {
        self.problem = problem
    }

    package var description: String { "replication frame: \(self.problem)" }
}
