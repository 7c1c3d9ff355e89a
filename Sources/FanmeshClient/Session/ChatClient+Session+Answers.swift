extension ChatClient.Session {
    /// A `joined`: deliver what this client has not seen, and say so when the resume could not be complete.
    mutating func joined(_ joined: JoinedRoom) -> [Action] {
        if let index = self.joinsInFlight.firstIndex(of: joined.room) {
            self.joinsInFlight.remove(at: index)
        }
        guard var room = self.rooms[joined.room] else { return [] }  // left while the join was out
        var actions: [Action] = []
        var sentSince: UInt64?
        if case .joining(let since) = room.state {
            sentSince = since
        }
        // Positions only grow on a node; a `joined` below the last position seen means the node's log started
        // over (or this is another node), so the old position says nothing about what is new.
        let restarted = room.lastPosition.map { joined.position < $0 } ?? false
        if restarted || (sentSince != nil && !joined.recovered) {
            actions.append(.emit(.gap(room: joined.room)))
        }
        var last = restarted ? nil : room.lastPosition
        var fresh: [ChatMessage] = []
        for message in joined.history where last.map({ message.position > $0 }) ?? true {
            fresh.append(message)
            last = message.position
        }
        room.lastPosition = max(last ?? joined.position, joined.position)
        room.state = .joined
        let answer = JoinedRoom(
            room: joined.room,
            position: joined.position,
            recovered: joined.recovered,
            count: joined.count,
            history: fresh
        )
        if room.callerWaiting {
            room.callerWaiting = false
            actions.append(.completeJoin(room: joined.room, .success(answer)))
        }
        self.rooms[joined.room] = room
        actions.append(.emit(.joined(answer)))
        actions.append(contentsOf: fresh.map { .emit(.message($0)) })
        return actions
    }

    /// An `error`: with a nonce it answers that send; without one it answers a join, the one naming the room
    /// if the node says, else the oldest unanswered. Anything else goes to the events stream.
    mutating func errorReceived(_ error: ChatClientError) -> [Action] {
        var error = error
        if let nonce = error.nonce {
            guard let room = self.pendingSends.removeValue(forKey: nonce) else { return [] }  // its wait ended
            error.room = error.room ?? room
            return [.completeSend(nonce: nonce, .failure(error))]
        }
        let index = error.room.flatMap { self.joinsInFlight.firstIndex(of: $0) } ?? self.joinsInFlight.indices.first
        guard let index else { return [.emit(.error(error))] }
        let name = self.joinsInFlight.remove(at: index)
        error.room = name
        guard let room = self.rooms.removeValue(forKey: name) else { return [] }  // left while the join was out
        if room.callerWaiting {
            return [.completeJoin(room: name, .failure(error))]
        }
        return [.emit(.error(error))]
    }

    /// Writes a join for `name`, from its last position if it has one.
    mutating func writeJoin(_ name: String) -> Action {
        let since = self.rooms[name]?.lastPosition
        self.rooms[name]?.state = .joining(since: since)
        self.joinsInFlight.append(name)
        return .write(.join(room: name, since: since))
    }

    mutating func goOffline() {
        self.isOnline = false
        self.joinsInFlight = []
        for name in self.rooms.keys {
            self.rooms[name]?.state = .wanted
        }
    }

    /// Fails every send waiting for an answer, in nonce order.
    mutating func failSends(with error: ChatClientError) -> [Action] {
        let nonces = self.pendingSends.keys.sorted { $0.count == $1.count ? $0 < $1 : $0.count < $1.count }
        self.pendingSends = [:]
        return nonces.map { nonce in
            var failure = error
            failure.nonce = nonce
            return .completeSend(nonce: nonce, .failure(failure))
        }
    }
}
