#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A request from the client to the node: one JSON object in a text frame.
enum ClientFrame: Sendable, Hashable {
    case join(room: String, since: UInt64?)
    case send(room: String, text: String, nonce: String)
    case leave(room: String)
    case ping

    /// The frame as JSON text, with sorted keys so the same frame always gives the same bytes.
    func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and integers into a keyed container cannot fail.
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

extension ClientFrame: Encodable {
    private enum CodingKeys: String, CodingKey {
        case op, room, since, text, nonce
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .join(let room, let since):
            try container.encode("join", forKey: .op)
            try container.encode(room, forKey: .room)
            try container.encodeIfPresent(since, forKey: .since)
        case .send(let room, let text, let nonce):
            try container.encode("send", forKey: .op)
            try container.encode(room, forKey: .room)
            try container.encode(text, forKey: .text)
            try container.encode(nonce, forKey: .nonce)
        case .leave(let room):
            try container.encode("leave", forKey: .op)
            try container.encode(room, forKey: .room)
        case .ping:
            try container.encode("ping", forKey: .op)
        }
    }
}
