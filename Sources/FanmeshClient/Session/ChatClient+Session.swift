extension ChatClient {
    /// The chat protocol's rules for one client, without sockets, clocks or tasks: events go in, and the
    /// ``Action``s that come out say what to write, what to deliver and which waiting call to answer.
    ///
    /// **State.** The connection is offline or online. Each room the client is in is *wanted* (to be joined on
    /// the next connection), *joining* (a `join` is out, maybe with `since`) or *joined*, and remembers the last
    /// position delivered. Sends waiting for an `ack` are kept by nonce, and the joins out on this connection in
    /// the order they were written, because the node's answer to a failed join carries no nonce.
    ///
    /// **Events.** ``connected()``, ``disconnected(_:)``, ``stopped(_:)``, ``joinRequested(_:)``,
    /// ``leaveRequested(_:)``, ``sendRequested(_:to:)``, ``sendAbandoned(nonce:_:)``, ``heardFromNode()``,
    /// ``received(_:)`` and ``pingDue()``.
    ///
    /// **Invariants.** A room's messages are delivered in position order and each position at most once, also
    /// across reconnects: a rejoin asks for what follows the last position delivered, and whatever still comes
    /// back at or below it is dropped. Every send that is waiting ends exactly once: with its `ack`, its `error`,
    /// or a failure when the connection drops (never a resend, which could post it twice).
    struct Session: Sendable {
        /// What the client does next.
        enum Action: Sendable, Hashable {
            /// Write this frame on the current connection.
            case write(ClientFrame)
            /// Deliver this event on ``ChatClient/events``.
            case emit(ChatEvent)
            /// Answer the calls waiting in ``ChatClient/join(_:)`` for this room.
            case completeJoin(room: String, Result<JoinedRoom, ChatClientError>)
            /// Answer the call waiting in ``ChatClient/send(_:to:)`` with this nonce.
            case completeSend(nonce: String, Result<SentMessage, ChatClientError>)
        }

        /// What to do with a send.
        enum SendDecision: Sendable, Hashable {
            /// Write the frame, then wait for the answer to `nonce`.
            case write(ClientFrame, nonce: String)
            /// Fail the call right away.
            case fail(ChatClientError)
        }

        /// What to do when a ping interval has passed.
        enum PingDecision: Sendable, Hashable {
            /// Nothing to do: the node spoke within the interval.
            case none
            /// The connection has been quiet: write this `ping`.
            case write(ClientFrame)
            /// Nothing arrived for a whole interval after a ping: replace the connection.
            case closeConnection
        }

        struct Room: Sendable, Hashable {
            enum State: Sendable, Hashable {
                case wanted
                case joining(since: UInt64?)
                case joined
            }

            var state: State = .wanted
            /// The newest position delivered (or skipped past by a `joined`), `nil` before the first `joined`.
            var lastPosition: UInt64?
            /// A ``ChatClient/join(_:)`` call waits for this room's next `joined` or failure.
            var callerWaiting = false
        }

        // Only the Session's own methods (here and in ChatClient+Session+Answers.swift) change these.

        var rooms: [String: Room] = [:]
        /// Nonce → room of each send waiting for its `ack` or `error`.
        var pendingSends: [String: String] = [:]
        var isOnline = false
        /// Rooms whose `join` is out on this connection and not yet answered, in the order written. A room left
        /// meanwhile stays here to absorb its answer, so that answer is not taken for the next room's.
        var joinsInFlight: [String] = []
        var hasBeenOnline = false
        var nextNonce: UInt64 = 1
        var heardSinceLastPingCheck = false
        var pingOutstanding = false

        init() {}

        /// A connection is up: rejoin every room, each from its last position.
        mutating func connected() -> [Action] {
            var actions: [Action] = []
            if self.hasBeenOnline {
                actions.append(.emit(.reconnected))
            }
            self.isOnline = true
            self.hasBeenOnline = true
            self.joinsInFlight = []
            self.heardSinceLastPingCheck = false
            self.pingOutstanding = false
            for name in self.rooms.keys.sorted() {
                actions.append(self.writeJoin(name))
            }
            return actions
        }

        /// The connection ended: sends waiting for an ack fail, since the client cannot know if they were stored.
        mutating func disconnected(_ reason: DisconnectReason) -> [Action] {
            guard self.isOnline else { return [] }
            self.goOffline()
            let lost = ChatClientError(
                code: .connectionLost,
                message: "the connection dropped before the node acknowledged the message; it may or may not be stored"
            )
            var actions = self.failSends(with: lost)
            actions.append(.emit(.disconnected(reason)))
            return actions
        }

        /// ``ChatClient/run()`` ended: every waiting call fails with `error`. Rooms stay, for the next run.
        mutating func stopped(_ error: ChatClientError) -> [Action] {
            self.goOffline()
            var actions = self.failSends(with: error)
            for name in self.rooms.keys.sorted() where self.rooms[name]?.callerWaiting == true {
                self.rooms[name]?.callerWaiting = false
                actions.append(.completeJoin(room: name, .failure(error)))
            }
            return actions
        }

        /// A caller wants to be in `room`. Offline, the join waits for the next connection.
        mutating func joinRequested(_ room: String) -> [Action] {
            guard Self.isValidRoomName(room) else {
                let error = ChatClientError(
                    code: .badRequest,
                    message: "a room name is 1–64 characters of A–Z a–z 0–9 _ - . :",
                    room: room
                )
                return [.completeJoin(room: room, .failure(error))]
            }
            self.rooms[room, default: Room()].callerWaiting = true
            guard self.isOnline else { return [] }
            if case .joining = self.rooms[room]?.state {
                return []  // the answer on its way answers this call too
            }
            return [self.writeJoin(room)]
        }

        /// The client leaves `room`: its messages stop, and a join still waiting fails.
        mutating func leaveRequested(_ room: String) -> [Action] {
            guard let left = self.rooms.removeValue(forKey: room) else { return [] }
            var actions: [Action] = []
            if left.callerWaiting {
                let error = ChatClientError(code: .left, message: "left the room before the node answered", room: room)
                actions.append(.completeJoin(room: room, .failure(error)))
            }
            if self.isOnline {
                actions.append(.write(.leave(room: room)))
            }
            return actions
        }

        /// A caller wants to post `text` to `room`.
        mutating func sendRequested(_ text: String, to room: String) -> SendDecision {
            guard self.isOnline else {
                return .fail(ChatClientError(code: .notConnected, message: "not connected to the node", room: room))
            }
            guard self.rooms[room] != nil else {
                return .fail(ChatClientError(code: .notJoined, message: "join the room before sending", room: room))
            }
            let nonce = "n\(self.nextNonce)"
            self.nextNonce += 1
            self.pendingSends[nonce] = room
            return .write(.send(room: room, text: text, nonce: nonce), nonce: nonce)
        }

        /// The client stops waiting for `nonce` (timeout, cancellation, or the frame could not be written).
        mutating func sendAbandoned(nonce: String, _ error: ChatClientError) -> [Action] {
            guard self.pendingSends.removeValue(forKey: nonce) != nil else { return [] }
            return [.completeSend(nonce: nonce, .failure(error))]
        }

        /// A frame arrived: the connection is alive, whatever the frame holds.
        mutating func heardFromNode() {
            self.heardSinceLastPingCheck = true
        }

        /// The node sent `message`.
        mutating func received(_ message: ServerMessage) -> [Action] {
            switch message {
            case .joined(let joined):
                return self.joined(joined)
            case .message(let message):
                guard var room = self.rooms[message.room] else { return [] }
                if let last = room.lastPosition, message.position <= last {
                    return []
                }
                room.lastPosition = message.position
                self.rooms[message.room] = room
                return [.emit(.message(message))]
            case .ack(let nonce, let id, let position):
                guard self.pendingSends.removeValue(forKey: nonce) != nil else { return [] }
                return [.completeSend(nonce: nonce, .success(SentMessage(id: id, position: position)))]
            case .presence(let room, let count):
                return self.rooms[room] == nil ? [] : [.emit(.presence(room: room, count: count))]
            case .slowMode(let room, let seconds):
                return self.rooms[room] == nil ? [] : [.emit(.slowMode(room: room, seconds: seconds))]
            case .error(let code, let message, let nonce, let room):
                let error = ChatClientError(code: .init(rawValue: code), message: message, room: room, nonce: nonce)
                return self.errorReceived(error)
            case .left, .pong:
                return []
            }
        }

        /// A ping interval passed. A quiet connection gets a `ping`; one still quiet an interval later is dead.
        mutating func pingDue() -> PingDecision {
            guard self.isOnline else { return .none }
            defer { self.heardSinceLastPingCheck = false }
            if self.heardSinceLastPingCheck {
                self.pingOutstanding = false
                return .none
            }
            if self.pingOutstanding {
                return .closeConnection
            }
            self.pingOutstanding = true
            return .write(.ping)
        }

        static func isValidRoomName(_ room: String) -> Bool {
            let bytes = room.utf8
            return (1...64).contains(bytes.count)
                && bytes.allSatisfy { byte in
                    switch byte {
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
                        UInt8(ascii: "."), UInt8(ascii: ":"):
                        true
                    default:
                        false
                    }
                }
        }
    }
}
