internal import FanmeshCore
internal import Foundation

/// One request a fan sends, decoded and checked for shape (not yet for limits or permissions).
package enum ChatRequest: Sendable, Equatable {
    case join(room: String, since: UInt64?)
    case send(room: String, text: String, nonce: String)
    case leave(room: String)
    case ping
    case setSlowMode(room: String, seconds: Int)

    package static let maxNonceBytes = 64
    package static let maxSlowModeSeconds = 3_600

    /// Decodes a text frame: one JSON object or an array of them. Each element becomes a request or the
    /// ``ChatError`` (`bad_request`, with the element's nonce when it had one) that says what is wrong with it.
    package static func decode(frame: some Collection<UInt8>) -> [Result<ChatRequest, ChatError>] {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(frame), options: [.fragmentsAllowed])
        } catch {
            return [.failure(ChatError(.badRequest, "the frame is not valid JSON; send one JSON object or an array"))]
        }
        if let array = json as? [Any] {
            if array.isEmpty { return [.failure(ChatError(.badRequest, "an empty array holds no request"))] }
            return array.map(Self.decode(element:))
        }
        return [Self.decode(element: json)]
    }

    private static func decode(element: Any) -> Result<ChatRequest, ChatError> {
        guard let object = element as? [String: Any] else {
            return .failure(ChatError(.badRequest, "each request is a JSON object with an \"op\""))
        }
        let nonce = object["nonce"] as? String
        do {
            return .success(try self.decode(object: object))
        } catch let error as ChatError {
            return .failure(error.with(nonce: nonce))
        } catch {
            return .failure(ChatError(.badRequest, "\(error)", nonce: nonce))
        }
    }

    private static func decode(object: [String: Any]) throws -> ChatRequest {
        guard let op = object["op"] as? String else {
            throw ChatError(.badRequest, "missing \"op\": one of join, send, leave, ping, slow_mode")
        }
        switch op {
        case "join":
            let room = try self.room(in: object)
            var since: UInt64?
            if let value = object["since"], !(value is NSNull) {
                guard let number = Self.number(value), let position = UInt64(exactly: number.doubleValue) else {
                    throw ChatError(.badRequest, "\"since\" must be a position this node gave (a whole number ≥ 0)")
                }
                since = position
            }
            return .join(room: room, since: since)
        case "send":
            let room = try self.room(in: object)
            guard let text = object["text"] as? String else {
                throw ChatError(.badRequest, "\"send\" needs \"text\", a string")
            }
            guard let nonce = object["nonce"] as? String, !nonce.isEmpty else {
                throw ChatError(.badRequest, "\"send\" needs \"nonce\", a non-empty string to match its ack")
            }
            guard nonce.utf8.count <= Self.maxNonceBytes else {
                throw ChatError(.badRequest, "\"nonce\" has at most \(Self.maxNonceBytes) bytes")
            }
            return .send(room: room, text: text, nonce: nonce)
        case "leave":
            return .leave(room: try self.room(in: object))
        case "ping":
            return .ping
        case "slow_mode":
            let room = try self.room(in: object)
            guard let number = Self.number(object["seconds"]), let seconds = Int(exactly: number.doubleValue),
                (0...Self.maxSlowModeSeconds).contains(seconds)
            else {
                throw ChatError(.badRequest, "\"seconds\" must be a whole number from 0 to \(Self.maxSlowModeSeconds)")
            }
            return .setSlowMode(room: room, seconds: seconds)
        default:
            throw ChatError(.badRequest, "unknown op \"\(op.prefix(32))\": use join, send, leave, ping or slow_mode")
        }
    }

    /// `value` if it is a JSON number. Foundation hands JSON `true`/`false` over as `NSNumber` too (1 and 0).
    private static func number(_ value: Any?) -> NSNumber? {
        guard let number = value as? NSNumber, ObjectIdentifier(type(of: number)) != Self.booleanType else {
            return nil
        }
        return number
    }

    private static let booleanType = ObjectIdentifier(type(of: NSNumber(value: true)))

    private static func room(in object: [String: Any]) throws -> String {
        guard let room = object["room"] as? String else {
            throw ChatError(.badRequest, "missing \"room\", a string")
        }
        if let problem = RoomName.problem(room) { throw ChatError(.badRequest, problem) }
        return room
    }
}
