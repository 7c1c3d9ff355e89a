import FanmeshChat
import FanmeshCore
import Foundation
import NIOCore

/// Messages, JSON parsing and frame reading shared by the chat tests.
enum ChatFixtures {
    /// A stored message of `room` at `position`, its sequence equal to its position.
    static func stored(
        _ position: UInt64,
        room: String = "show",
        text: String? = nil,
        user: String = "u123",
        name: String = "Mina"
    ) -> StoredMessage {
        StoredMessage(
            message: ChatMessage(
                id: MessageID(origin: "seoul-1", sequence: position),
                time: .init(milliseconds: 1_795_604_520_000 + position, counter: 0),
                room: room,
                user: user,
                name: name,
                text: text ?? "message \(position)",
                region: "seoul"
            ),
            position: position
        )
    }

    /// Parses JSON bytes with Foundation, as a client would.
    static func json(_ buffer: ByteBuffer) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed])
    }

    static func object(_ buffer: ByteBuffer) throws -> [String: Any] {
        guard let object = try Self.json(buffer) as? [String: Any] else { throw FixtureError("not a JSON object") }
        return object
    }

    /// The `msg` objects of a fan-out payload: one object, or an array of them.
    static func messageObjects(_ payload: ByteBuffer) throws -> [[String: Any]] {
        let value = try Self.json(payload)
        if let array = value as? [[String: Any]] { return array }
        if let object = value as? [String: Any] { return [object] }
        throw FixtureError("neither a msg object nor an array of them")
    }

    /// Where `buffer`'s readable bytes live: equal for copies that share one storage, different after a copy.
    static func address(of buffer: ByteBuffer) -> UInt? {
        buffer.withUnsafeReadableBytes { $0.baseAddress.map { UInt(bitPattern: $0) } }
    }

    static func string(_ buffer: ByteBuffer) -> String {
        String(decoding: buffer.readableBytesView, as: UTF8.self)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
