import Testing

@testable import FanmeshClient

@Suite("The client's protocol state machine")
struct SessionTests {
    @Test("A join made offline waits and is written, without since, when the connection comes up")
    func joinWaitsForConnection() {
        var session = ChatClient.Session()
        #expect(session.joinRequested("show") == [])
        #expect(session.connected() == [.write(.join(room: "show", since: nil))])
    }

    @Test("A joined answers the caller, then reports the join and delivers its history as messages")
    func joinedAnswersCallerAndDeliversHistory() {
        var session = ChatClient.Session()
        _ = session.connected()
        #expect(session.joinRequested("show") == [.write(.join(room: "show", since: nil))])
        let answer = joined(position: 12, history: [message(at: 11), message(at: 12)])
        #expect(
            session.received(.joined(answer)) == [
                .completeJoin(room: "show", .success(answer)),
                .emit(.joined(answer)),
                .emit(.message(message(at: 11))),
                .emit(.message(message(at: 12))),
            ]
        )
    }

    @Test("A reconnect rejoins every room from the last position delivered in it")
    func reconnectResumesFromLastPositions() {
        var session = sessionInShow(upTo: 40)
        _ = session.joinRequested("backstage")
        _ = session.received(.joined(joined("backstage", position: 7)))
        _ = session.received(.message(message(at: 41)))
        _ = session.received(.message(message(at: 44)))
        _ = session.disconnected(.pingTimeout)
        #expect(
            session.connected() == [
                .emit(.reconnected),
                .write(.join(room: "backstage", since: 7)),
                .write(.join(room: "show", since: 44)),
            ]
        )
    }

    @Test("A message at or below the last position delivered is never delivered again")
    func liveDuplicatesAreDropped() {
        var session = sessionInShow(upTo: 10)
        #expect(deliveredPositions(session.received(.message(message(at: 11)))) == [11])
        #expect(session.received(.message(message(at: 11))) == [])
        #expect(session.received(.message(message(at: 9))) == [])
        #expect(deliveredPositions(session.received(.message(message(at: 12)))) == [12])
    }

    @Test("A resume's history overlapping what was delivered yields only the new positions")
    func resumeHistoryIsDeduplicated() {
        var session = sessionInShow(upTo: 10)
        _ = session.received(.message(message(at: 11)))
        _ = session.received(.message(message(at: 12)))
        _ = session.disconnected(.failed("reset"))
        _ = session.connected()
        let replay = joined(position: 14, history: (10...14).map { message(at: $0) })
        let actions = session.received(.joined(replay))
        #expect(deliveredPositions(actions) == [13, 14])
        #expect(actions.contains(.emit(.joined(joined(position: 14, history: [message(at: 13), message(at: 14)])))))
        #expect(!actions.contains(.emit(.gap(room: "show"))))
        #expect(session.received(.message(message(at: 14))) == [])
    }

    @Test("A resume the node could not recover reports a gap before the latest page")
    func unrecoveredResumeReportsGap() {
        var session = sessionInShow(upTo: 10)
        _ = session.disconnected(.failed("reset"))
        _ = session.connected()
        let page = joined(position: 90_050, recovered: false, history: [message(at: 90_049), message(at: 90_050)])
        let actions = session.received(.joined(page))
        #expect(actions.first == .emit(.gap(room: "show")))
        #expect(deliveredPositions(actions) == [90_049, 90_050])
    }

    @Test("A first join never reports a gap, even when the node says not recovered")
    func firstJoinHasNoGap() {
        var session = ChatClient.Session()
        _ = session.connected()
        _ = session.joinRequested("show")
        let actions = session.received(.joined(joined(position: 5, recovered: false)))
        #expect(!actions.contains(.emit(.gap(room: "show"))))
    }

    @Test("A node whose positions started over is reported as a gap and its history delivered in full")
    func restartedPositionsReportGap() {
        var session = sessionInShow(upTo: 500)
        _ = session.disconnected(.closed(code: 1001, reason: "going away"))
        _ = session.connected()
        let actions = session.received(.joined(joined(position: 3, history: (1...3).map { message(at: $0) })))
        #expect(actions.first == .emit(.gap(room: "show")))
        #expect(deliveredPositions(actions) == [1, 2, 3])
        #expect(deliveredPositions(session.received(.message(message(at: 4)))) == [4])
    }

    @Test("An ack answers the send with the same nonce, and only once")
    func ackMatchesNonce() {
        var session = sessionInShow(upTo: 1)
        guard case .write(let first, let n1) = session.sendRequested("a", to: "show"),
            case .write(_, let n2) = session.sendRequested("b", to: "show")
        else {
            Issue.record("sends should be written")
            return
        }
        #expect(first == .send(room: "show", text: "a", nonce: n1))
        #expect(n1 != n2)
        #expect(
            session.received(.ack(nonce: n2, id: "o:9", position: 9)) == [
                .completeSend(nonce: n2, .success(SentMessage(id: "o:9", position: 9)))
            ]
        )
        #expect(session.received(.ack(nonce: n2, id: "o:9", position: 9)) == [])
        #expect(session.received(.ack(nonce: "unknown", id: "o:10", position: 10)) == [])
        #expect(session.pendingSends.keys.sorted() == [n1])
    }

    @Test("An error with a nonce fails that send with the node's code and message")
    func errorWithNonceFailsSend() {
        var session = sessionInShow(upTo: 1)
        guard case .write(_, let nonce) = session.sendRequested("spam", to: "show") else {
            Issue.record("send should be written")
            return
        }
        let actions = session.received(
            .error(code: "rate_limited", message: "20 messages per 30 s", nonce: nonce, room: nil)
        )
        let expected = ChatClientError(code: .rateLimited, message: "20 messages per 30 s", room: "show", nonce: nonce)
        #expect(actions == [.completeSend(nonce: nonce, .failure(expected))])
    }

    @Test("An error without a nonce fails the oldest join still out, and the room is dropped")
    func errorWithoutNonceFailsOldestJoin() {
        var session = ChatClient.Session()
        _ = session.connected()
        _ = session.joinRequested("vip")
        _ = session.joinRequested("show")
        let actions = session.received(.error(code: "forbidden", message: "not in your rooms", nonce: nil, room: nil))
        let expected = ChatClientError(code: .forbidden, message: "not in your rooms", room: "vip")
        #expect(actions == [.completeJoin(room: "vip", .failure(expected))])
        #expect(session.rooms.keys.sorted() == ["show"])
    }

    @Test("An error that names its room fails that room's join even if it is not the oldest")
    func errorNamingRoomFailsThatJoin() {
        var session = ChatClient.Session()
        _ = session.connected()
        _ = session.joinRequested("show")
        _ = session.joinRequested("vip")
        let actions = session.received(.error(code: "forbidden", message: "no", nonce: nil, room: "vip"))
        #expect(actions == [.completeJoin(room: "vip", .failure(.init(code: .forbidden, message: "no", room: "vip")))])
    }

    @Test("A refused rejoin, with nobody waiting, becomes an error event")
    func refusedRejoinIsAnEvent() {
        var session = sessionInShow(upTo: 5)
        _ = session.disconnected(.pingTimeout)
        _ = session.connected()
        let actions = session.received(.error(code: "forbidden", message: "no", nonce: nil, room: nil))
        #expect(actions == [.emit(.error(.init(code: .forbidden, message: "no", room: "show")))])
    }

    @Test("An error answering nothing the client waits for becomes an error event")
    func strayErrorIsAnEvent() {
        var session = sessionInShow(upTo: 5)
        let actions = session.received(.error(code: "internal", message: "oops", nonce: nil, room: nil))
        #expect(actions == [.emit(.error(.init(code: .internal, message: "oops")))])
    }

    @Test("A drop fails every send waiting for an ack, and the reconnect does not resend them")
    func dropFailsSendsWithoutResend() {
        var session = sessionInShow(upTo: 5)
        guard case .write(_, let nonce) = session.sendRequested("hello", to: "show") else {
            Issue.record("send should be written")
            return
        }
        let actions = session.disconnected(.closed(code: 1001, reason: "going away"))
        guard case .completeSend(nonce, .failure(let error)) = actions.first else {
            Issue.record("expected the send to fail, got \(actions)")
            return
        }
        #expect(error.code == .connectionLost)
        #expect(actions.last == .emit(.disconnected(.closed(code: 1001, reason: "going away"))))
        let rejoin = session.connected()
        #expect(rejoin == [.emit(.reconnected), .write(.join(room: "show", since: 5))])
        #expect(session.received(.ack(nonce: nonce, id: "o:6", position: 6)) == [])
    }

    @Test("A send offline or to a room not joined fails at once")
    func sendPreconditions() {
        var session = ChatClient.Session()
        guard case .fail(let offline) = session.sendRequested("hi", to: "show") else {
            Issue.record("an offline send should fail")
            return
        }
        #expect(offline.code == .notConnected)
        _ = session.connected()
        guard case .fail(let notJoined) = session.sendRequested("hi", to: "show") else {
            Issue.record("a send to a room not joined should fail")
            return
        }
        #expect(notJoined.code == .notJoined)
    }

    @Test("An abandoned send is failed once, and its late ack is ignored")
    func abandonedSend() {
        var session = sessionInShow(upTo: 5)
        guard case .write(_, let nonce) = session.sendRequested("hi", to: "show") else {
            Issue.record("send should be written")
            return
        }
        let timeout = ChatClientError(code: .ackTimeout, message: "late")
        #expect(session.sendAbandoned(nonce: nonce, timeout) == [.completeSend(nonce: nonce, .failure(timeout))])
        #expect(session.sendAbandoned(nonce: nonce, timeout) == [])
        #expect(session.received(.ack(nonce: nonce, id: "o:6", position: 6)) == [])
    }

    @Test("Leaving stops a room's events, fails its waiting join, and absorbs the join's late answer")
    func leaveWhileJoining() {
        var session = ChatClient.Session()
        _ = session.connected()
        _ = session.joinRequested("show")
        _ = session.joinRequested("vip")
        let actions = session.leaveRequested("show")
        #expect(
            actions == [
                .completeJoin(
                    room: "show",
                    .failure(.init(code: .left, message: "left the room before the node answered", room: "show"))
                ),
                .write(.leave(room: "show")),
            ]
        )
        // The node answers the join it got before the leave; that must not be taken for vip's answer.
        #expect(session.received(.joined(joined(position: 3))) == [])
        #expect(session.received(.message(message(at: 4))) == [])
        #expect(session.received(.presence(room: "show", count: 9)) == [])
        let vip = session.received(.error(code: "forbidden", message: "no", nonce: nil, room: nil))
        #expect(vip == [.completeJoin(room: "vip", .failure(.init(code: .forbidden, message: "no", room: "vip")))])
    }

    @Test("Joining a room already being joined waits for the same answer instead of writing again")
    func joinTwiceWritesOnce() {
        var session = ChatClient.Session()
        _ = session.connected()
        #expect(session.joinRequested("show").count == 1)
        #expect(session.joinRequested("show") == [])
    }

    @Test("Joining a room already joined asks only for what follows the last position")
    func rejoinAsksSince() {
        var session = sessionInShow(upTo: 8)
        #expect(session.joinRequested("show") == [.write(.join(room: "show", since: 8))])
    }

    @Test(
        "A bad room name fails the join without writing",
        arguments: ["", "a b", "ünicode", String(repeating: "x", count: 65)]
    )
    func badRoomName(room: String) {
        var session = ChatClient.Session()
        _ = session.connected()
        let actions = session.joinRequested(room)
        guard case .completeJoin(_, .failure(let error)) = actions.first, actions.count == 1 else {
            Issue.record("expected a failed join, got \(actions)")
            return
        }
        #expect(error.code == .badRequest)
    }

    @Test("Presence and slow mode are reported for joined rooms only")
    func presenceAndSlowMode() {
        var session = sessionInShow(upTo: 1)
        #expect(session.received(.presence(room: "show", count: 12)) == [.emit(.presence(room: "show", count: 12))])
        #expect(session.received(.slowMode(room: "show", seconds: 10)) == [.emit(.slowMode(room: "show", seconds: 10))])
        #expect(session.received(.presence(room: "elsewhere", count: 1)) == [])
    }

    @Test("A quiet connection gets a ping, and one still quiet a whole interval later is closed")
    func pingThenClose() {
        var session = sessionInShow(upTo: 1)
        session.heardFromNode()
        #expect(session.pingDue() == .none)
        #expect(session.pingDue() == .write(.ping))
        #expect(session.pingDue() == .closeConnection)
    }

    @Test("Anything from the node after a ping keeps the connection")
    func anyFrameAnswersPing() {
        var session = sessionInShow(upTo: 1)
        #expect(session.pingDue() == .write(.ping))
        session.heardFromNode()
        #expect(session.pingDue() == .none)
        #expect(session.pingDue() == .write(.ping))
    }

    @Test("Stopping fails waiting joins and sends with the stopping error but keeps the rooms")
    func stopFailsWaiters() {
        var session = sessionInShow(upTo: 3)
        _ = session.joinRequested("vip")
        guard case .write(_, let nonce) = session.sendRequested("hi", to: "show") else {
            Issue.record("send should be written")
            return
        }
        let error = ChatClientError(code: .unauthorized, message: "token expired")
        var nonceError = error
        nonceError.nonce = nonce
        #expect(
            session.stopped(error) == [
                .completeSend(nonce: nonce, .failure(nonceError)),
                .completeJoin(room: "vip", .failure(error)),
            ]
        )
        #expect(session.rooms.keys.sorted() == ["show", "vip"])
        #expect(
            session.connected() == [
                .emit(.reconnected), .write(.join(room: "show", since: 3)), .write(.join(room: "vip", since: nil)),
            ]
        )
    }
}
