#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Decodes the node's text frames: one JSON object or an array of them, in order.
///
/// Fields the client does not know are ignored, and so are objects with an unknown `op` (a newer node may send
/// them). An object missing a field its `op` needs, or with a field of the wrong type, is skipped and reported;
/// the rest of its frame still counts.
enum ServerFrameDecoder {
    /// What one frame held.
    struct Frame: Sendable, Hashable {
        var messages: [ServerMessage] = []
        /// Objects left out, with why: for logs, never for the fan.
        var skipped: [Skipped] = []
    }

    struct Skipped: Sendable, Hashable {
        var op: String?
        var reason: String
    }

    /// A frame that is not a JSON object or array.
    struct MalformedFrame: Error, Hashable {
        var reason: String
    }

    static func decode(_ text: String) throws(MalformedFrame) -> Frame {
        let data = Data(text.utf8)
        let objects: [WireObject]
        do {
            if text.utf8.first(where: { !Self.isJSONWhitespace($0) }) == UInt8(ascii: "[") {
                objects = try JSONDecoder().decode([WireObject].self, from: data)
            } else {
                objects = [try JSONDecoder().decode(WireObject.self, from: data)]
            }
        } catch {
            throw MalformedFrame(reason: "not a JSON object or array of objects")
        }
        var frame = Frame()
        for object in objects {
            do {
                if let message = try object.message(skipped: &frame.skipped) {
                    frame.messages.append(message)
                } else {
                    frame.skipped.append(Skipped(op: object.op, reason: "unknown op"))
                }
            } catch {
                frame.skipped.append(Skipped(op: object.op, reason: error.reason))
            }
        }
        return frame
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
