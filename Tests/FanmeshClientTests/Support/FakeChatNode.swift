import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

/// A node that speaks just enough of the chat protocol to test the client against: `join` with `since` and
/// history, `send` with `ack` (to the sender, batched with its own `msg` in one array frame) and the `msg`
/// broadcast, `leave`, `ping`, refusals of the upgrade, and closing every connection to force reconnects.
actor FakeChatNode {
    struct JoinRequest: Sendable, Equatable {
        var room: String
        var since: UInt64?
    }

    private struct Stored {
        var room: String
        var id: String
        var user: String
        var text: String
        var position: UInt64
    }

    private struct Member {
        var outbound: WebSocketOutboundWriter
        var rooms: Set<String> = []
    }

    /// The only token admitted.
    static let goodToken = "good"

    private var log: [Stored] = []
    private var position: UInt64 = 100
    private var seq: UInt64 = 0
    private var members: [Int: Member] = [:]
    private var nextMember = 0
    private(set) var joinRequests: [JoinRequest] = []
    /// How many times each text was sent to the node.
    private(set) var sendsReceived: [String: Int] = [:]
    /// When `false`, every upgrade is refused.
    var accepting = true
    /// When `true`, a `send` is stored but, instead of an ack, every connection is closed.
    var dropConnectionInsteadOfAck = false
    /// When `true`, a `send` is stored and never answered.
    var neverAck = false

    func setAccepting(_ accepting: Bool) { self.accepting = accepting }
    func setDropConnectionInsteadOfAck(_ drop: Bool) { self.dropConnectionInsteadOfAck = drop }
    func setNeverAck(_ never: Bool) { self.neverAck = never }

    /// How many upgrades were refused so far.
    private(set) var refusals = 0
    private var refusalWaiters: [Int: (count: Int, continuation: CheckedContinuation<Void, Never>)] = [:]
    private var nextWaiter = 0

    /// Waits until at least `count` upgrades were refused, or the task is cancelled.
    func waitForRefusals(_ count: Int) async {
        self.nextWaiter += 1
        let id = self.nextWaiter
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if self.refusals >= count || Task.isCancelled {
                    continuation.resume()
                } else {
                    self.refusalWaiters[id] = (count, continuation)
                }
            }
        } onCancel: {
            Task { await self.resumeWaiter(id) }
        }
    }

    private func resumeWaiter(_ id: Int) {
        self.refusalWaiters.removeValue(forKey: id)?.continuation.resume()
    }

    /// Whether a request with this `Authorization` value may upgrade. HummingbirdWebSocket answers the
    /// upgrades it declines with a bare 400, which the client retries like any failed attempt.
    func admits(_ authorization: String?) -> Bool {
        guard self.accepting && authorization == "Bearer \(Self.goodToken)" else {
            self.refusals += 1
            for (id, waiter) in self.refusalWaiters where waiter.count <= self.refusals {
                self.refusalWaiters[id] = nil
                waiter.continuation.resume()
            }
            return false
        }
        return true
    }

    /// Stores a message from another fan and sends it to the room's members.
    @discardableResult
    func post(_ text: String, to room: String, user: String = "other") async -> UInt64 {
        let stored = self.store(text, room: room, user: user)
        await self.broadcast(stored, except: nil)
        return stored.position
    }

    /// Closes every connection the way a node going away does.
    func closeAll() async {
        let all = self.members
        self.members = [:]
        for member in all.values {
            try? await member.outbound.close(.goingAway, reason: "going away")
        }
    }

    /// Serves one upgraded connection until it closes.
    nonisolated func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let id = await self.register(outbound)
        for try await message in inbound.messages(maxSize: 1 << 20) {
            guard case .text(let text) = message else { continue }
            await self.handle(text, from: id)
        }
        await self.unregister(id)
    }

    private func register(_ outbound: WebSocketOutboundWriter) -> Int {
        self.nextMember += 1
        self.members[self.nextMember] = Member(outbound: outbound)
        return self.nextMember
    }

    private func unregister(_ id: Int) {
        self.members[id] = nil
    }

    private func handle(_ text: String, from id: Int) async {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let op = object["op"] as? String
        else { return }
        let room = object["room"] as? String ?? ""
        switch op {
        case "join":
            let since = (object["since"] as? NSNumber)?.uint64Value
            self.joinRequests.append(JoinRequest(room: room, since: since))
            self.members[id]?.rooms.insert(room)
            let inRoom = self.log.filter { $0.room == room }
            let history = since.map { since in inRoom.filter { $0.position > since } } ?? Array(inRoom.suffix(50))
            let count = self.members.values.filter { $0.rooms.contains(room) }.count
            await self.write(
                [
                    "op": "joined", "room": room, "position": self.position, "recovered": true, "count": count,
                    "history": history.map(Self.json), "node_build": "fake",
                ],
                to: id
            )
        case "send":
            let text = object["text"] as? String ?? ""
            let nonce = object["nonce"] as? String ?? ""
            self.sendsReceived[text, default: 0] += 1
            if text == "spam" {
                await self.write(
                    ["op": "error", "code": "rate_limited", "message": "20 messages per 30 s", "nonce": nonce],
                    to: id
                )
                return
            }
            let stored = self.store(text, room: room, user: "fan")
            if self.dropConnectionInsteadOfAck {
                await self.closeAll()
                return
            }
            if self.neverAck {
                return
            }
            let ack: [String: Any] = ["op": "ack", "nonce": nonce, "id": stored.id, "position": stored.position]
            await self.writeArray([ack, Self.json(stored)], to: id)
            await self.broadcast(stored, except: id)
        case "leave":
            self.members[id]?.rooms.remove(room)
            await self.write(["op": "left", "room": room], to: id)
        case "ping":
            await self.write(["op": "pong"], to: id)
        default:
            await self.write(["op": "error", "code": "bad_request", "message": "unknown op"], to: id)
        }
    }

    private func store(_ text: String, room: String, user: String) -> Stored {
        self.position += 1
        self.seq += 1
        let stored = Stored(room: room, id: "fake-1:\(self.seq)", user: user, text: text, position: self.position)
        self.log.append(stored)
        return stored
    }

    private func broadcast(_ stored: Stored, except: Int?) async {
        for (id, member) in self.members where id != except && member.rooms.contains(stored.room) {
            await self.write(Self.json(stored), to: id)
        }
    }

    private static func json(_ stored: Stored) -> [String: Any] {
        [
            "op": "msg", "room": stored.room, "id": stored.id, "user": stored.user, "name": stored.user.uppercased(),
            "text": stored.text, "ts": 1_795_604_520_361, "region": "seoul", "position": stored.position,
        ]
    }

    private func write(_ object: [String: Any], to id: Int) async {
        await self.writeText(Self.encode(object), to: id)
    }

    private func writeArray(_ objects: [[String: Any]], to id: Int) async {
        await self.writeText(Self.encode(objects), to: id)
    }

    private func writeText(_ text: String, to id: Int) async {
        guard let outbound = self.members[id]?.outbound else { return }
        try? await outbound.write(.text(text))
    }

    private static func encode(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

extension FakeChatNode {
    /// Runs `node` behind a Hummingbird server on a free loopback port and calls `body` with its chat URL.
    static func withServer<Value: Sendable>(
        _ node: FakeChatNode,
        _ body: @Sendable (String) async throws -> Value
    ) async throws -> Value {
        let router = Router()
        let port = Promise<Int>()
        var logger = Logger(label: "fake-node")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade { request, _, _ in
                guard await node.admits(request.headerFields[.authorization]) else { return .dontUpgrade }
                return .upgrade([:]) { inbound, outbound, _ in
                    try await node.serve(inbound: inbound, outbound: outbound)
                }
            },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in await port.complete(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        return try await runGracefully(app, logger: logger) {
            try await body("ws://127.0.0.1:\(await port.wait())/ws")
        }
    }
}
