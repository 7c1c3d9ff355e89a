internal import FanmeshCore
internal import Logging
internal import NIOCore

extension ChatSessionHandler {
    func handle(_ request: ChatRequest) {
        switch request {
        case .join(let room, let since):
            self.join(room: room, since: since)
        case .send(let room, let text, let nonce):
            self.send(room: room, text: text, nonce: nonce)
        case .leave(let room):
            if let membership = self.memberships.removeValue(forKey: room), let context {
                membership.room.remove(self, on: context.eventLoop)
            }
            self.reply(ChatReply.left(room: room))
        case .ping:
            self.reply(ChatReply.pong)
        case .setSlowMode(let room, let seconds):
            self.setSlowMode(room: room, seconds: seconds)
        }
    }

    private func join(room name: String, since: UInt64?) {
        guard let context else { return }
        guard self.identity.mayJoin(name) else {
            self.reply(error: ChatError(.forbidden, "your token does not allow room \"\(name)\""))
            return
        }
        if let previous = self.memberships.removeValue(forKey: name) {
            previous.room.remove(self, on: context.eventLoop)
        } else if self.memberships.count >= self.hub.configuration.maxRoomsPerConnection {
            let limit = self.hub.configuration.maxRoomsPerConnection
            self.reply(error: ChatError(.forbidden, "a connection may join at most \(limit) rooms; leave one first"))
            return
        }
        let room = self.hub.join(name, member: self, on: context.eventLoop)
        self.memberships[name] = Membership(room: room, state: .catchingUp([]))
        let limit = since == nil ? self.hub.configuration.historyPageSize : self.hub.configuration.maxReplayMessages
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        self.hub.history.page(room: name, since: since, limit: limit, on: context.eventLoop).whenComplete { result in
            loopBound.value.historyRead(result, room: room)
        }
    }

    private func historyRead(_ result: Result<HistoryPage, any Error>, room: Room) {
        guard let membership = self.memberships[room.name], membership.room === room,
            case .catchingUp(let waiting) = membership.state
        else { return }
        switch result {
        case .success(let page):
            // Past the replay window the fan gets the latest page, not the whole replay limit.
            let pageSize = self.hub.configuration.historyPageSize
            let history = page.recovered ? page.messages : Array(page.messages.suffix(pageSize))
            self.reply(
                ChatReply.joined(
                    room: room.name,
                    position: page.head,
                    recovered: page.recovered,
                    count: self.hub.globalCount(room),
                    history: history
                )
            )
            var lastPosition = page.head
            for batch in waiting where batch.lastPosition > lastPosition {
                if let frame = batch.frame(after: lastPosition), !self.writeShared(frame: frame) { return }
                lastPosition = batch.lastPosition
            }
            self.memberships[room.name]?.state = .live(lastPosition: lastPosition)
            self.flushDeliveries()
        case .failure(let error):
            self.logger.error("History read failed", metadata: ["chat.room": "\(room.name)", "error": "\(error)"])
            if let context {
                self.memberships[room.name] = nil
                room.remove(self, on: context.eventLoop)
            }
            self.reply(error: ChatError(.internal, "the room's history could not be read; join again"))
        }
    }

    private func send(room name: String, text: String, nonce: String) {
        guard self.identity.maySend else {
            self.reply(error: ChatError(.forbidden, "anonymous readers cannot post; sign in to chat", nonce: nonce))
            return
        }
        guard let membership = self.memberships[name] else {
            self.reply(error: ChatError(.badRequest, "join room \"\(name)\" before posting to it", nonce: nonce))
            return
        }
        if let problem = self.hub.textRule.check(text) {
            self.reply(error: problem.with(nonce: nonce))
            return
        }
        if !self.identity.isModerator {
            if let wait = self.hub.rateLimiter.take(user: self.identity.userID) {
                let limit = "\(self.hub.configuration.rateMessages) messages per \(self.hub.configuration.rateWindow)"
                self.reply(
                    error: ChatError(.rateLimited, "over the limit of \(limit); wait \(Self.seconds(wait))", nonce: nonce)
                )
                return
            }
            if let wait = membership.room.admitPost(by: self.identity.userID) {
                self.reply(error: ChatError(.slowMode, "slow mode is on; wait \(Self.seconds(wait))", nonce: nonce))
                return
            }
        }
        guard let context else { return }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let draft = ChatLog.Draft(room: name, user: self.identity.userID, name: self.identity.displayName, text: text)
        self.hub.log.append(draft) { result in
            eventLoop.execute {
                switch result {
                case .success(let stored):
                    loopBound.value.reply(ChatReply.ack(nonce: nonce, id: stored.message.id, position: stored.position))
                case .failure(let error):
                    loopBound.value.reply(error: error.with(nonce: nonce))
                }
            }
        }
    }

    private func setSlowMode(room name: String, seconds: Int) {
        guard self.identity.isModerator else {
            self.reply(error: ChatError(.forbidden, "only moderators can set slow mode"))
            return
        }
        let room = self.hub.room(name)
        room.setSlowMode(.seconds(seconds))
        self.hub.logger.notice("Slow mode set", metadata: ["chat.room": "\(name)", "chat.seconds": "\(seconds)"])
        let notice = ChatReply.slowMode(room: name, seconds: seconds)
        room.broadcast(notice: WebSocketTextFrame.make(payload: notice))
        if self.memberships[name] == nil { self.reply(notice) }
    }

    private static func seconds(_ duration: Duration) -> String {
        let tenths = max(1, (duration.milliseconds + 99) / 100)
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
