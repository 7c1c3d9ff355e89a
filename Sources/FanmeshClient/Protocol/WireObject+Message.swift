extension WireObject {
    /// Why an object was left out.
    struct Problem: Error, Hashable {
        var reason: String
    }

    /// The checked message, or `nil` for an op the client does not know.
    ///
    /// A `joined` keeps the history messages it can read and reports the others in `skipped`, so that one bad
    /// message does not leave a join unanswered.
    /// - Throws: the problem that makes the object unusable.
    func message(skipped: inout [ServerFrameDecoder.Skipped]) throws(Problem) -> ServerMessage? {
        switch self.op {
        case "msg":
            return .message(try self.chatMessage())
        case "joined":
            let room = try self.require(self.room, "room")
            let history = self.history ?? []
            var messages: [ChatMessage] = []
            messages.reserveCapacity(history.count)
            for object in history {
                do {
                    messages.append(try object.chatMessage(defaultRoom: room))
                } catch {
                    skipped.append(.init(op: "joined.history", reason: error.reason))
                }
            }
            return .joined(
                JoinedRoom(
                    room: room,
                    position: try self.require(self.position, "position"),
                    recovered: self.recovered ?? true,
                    count: self.count ?? 0,
                    history: messages
                )
            )
        case "ack":
            return .ack(
                nonce: try self.require(self.nonce, "nonce"),
                id: try self.require(self.id, "id"),
                position: self.position
            )
        case "left":
            return .left(room: try self.require(self.room, "room"))
        case "presence":
            return .presence(room: try self.require(self.room, "room"), count: try self.require(self.count, "count"))
        case "slow_mode":
            return .slowMode(
                room: try self.require(self.room, "room"),
                seconds: try self.require(self.seconds, "seconds")
            )
        case "pong":
            return .pong
        case "error":
            return .error(
                code: try self.require(self.code, "code"),
                message: self.message ?? "",
                nonce: self.nonce,
                room: self.room
            )
        case nil:
            throw Problem(reason: "missing or invalid op")
        default:
            return nil
        }
    }

    /// A `msg` object, or one of a `joined` history (whose objects may leave out the room they are in).
    private func chatMessage(defaultRoom: String? = nil) throws(Problem) -> ChatMessage {
        let id = try self.require(self.id, "id")
        let user = try self.require(self.user, "user")
        let message = ChatMessage(
            room: try self.require(self.room ?? defaultRoom, "room"),
            id: id,
            user: user,
            name: self.name ?? user,
            text: try self.require(self.text, "text"),
            timestampMilliseconds: self.ts ?? 0,
            region: self.region ?? "",
            position: try self.require(self.position, "position")
        )
        guard let message else { throw Problem(reason: "id is not ORIGIN:SEQ") }
        return message
    }

    private func require<Value>(_ value: Value?, _ field: String) throws(Problem) -> Value {
        guard let value else { throw Problem(reason: "missing or invalid \(field)") }
        return value
    }
}
