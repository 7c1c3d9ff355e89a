import HTTPTypes
import Testing

@testable import FanmeshClient

@Suite("A ChatClient against an in-process node", .serialized, .timeLimit(.minutes(1)))
struct ChatClientEndToEndTests {
    /// Fast reconnects, so the tests do not wait on backoff.
    static var configuration: ChatClient.Configuration {
        var configuration = ChatClient.Configuration()
        configuration.reconnectInitialDelay = .milliseconds(20)
        configuration.reconnectMaxDelay = .milliseconds(100)
        return configuration
    }

    /// Runs a client for `url` while `body` uses it, then stops it.
    static func withClient(
        _ url: String,
        token: String = FakeChatNode.goodToken,
        configuration: ChatClient.Configuration = Self.configuration,
        _ body: (ChatClient, inout EventLog) async throws -> Void
    ) async throws {
        let client = ChatClient(url: url, token: token, configuration: configuration)
        var events = EventLog(client.events)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { group.cancelAll() }
            try await body(client, &events)
        }
    }

    @Test("After the node closes, the client reconnects, resumes from its last position and delivers each message once")
    func reconnectsAndResumes() async throws {
        let node = FakeChatNode()
        await node.post("before 1", to: "show")
        await node.post("before 2", to: "show")
        try await FakeChatNode.withServer(node) { url in
            try await Self.withClient(url) { client, events in
                let show = try await client.join("show")
                #expect(show.history.map(\.text) == ["before 1", "before 2"])
                #expect(show.recovered)

                let sent = try await client.send("hello", to: "show")
                let hello = try await events.message("hello")
                #expect(hello.id == sent.id)
                #expect(hello.position == sent.position)
                #expect(hello.origin == "fake-1")

                // The node drains: it closes every connection and refuses new ones while fans miss two messages.
                await node.setAccepting(false)
                await node.closeAll()
                let dropped = try await events.next { if case .disconnected = $0 { true } else { false } }
                #expect(dropped == .disconnected(.closed(code: 1001, reason: "going away")))
                await node.waitForRefusals(1)
                await node.post("while away 1", to: "show")
                await node.post("while away 2", to: "show")
                await node.setAccepting(true)

                try await events.next { $0 == .reconnected }
                let resumed = try await events.joined()
                #expect(resumed.recovered)
                #expect(resumed.history.map(\.text) == ["while away 1", "while away 2"])
                try await events.message("while away 2")

                _ = try await client.send("after", to: "show")
                try await events.message("after")

                #expect(
                    await node.joinRequests == [
                        .init(room: "show", since: nil), .init(room: "show", since: sent.position),
                    ]
                )
                let messages = events.messages
                #expect(
                    messages.map(\.text) == ["before 1", "before 2", "hello", "while away 1", "while away 2", "after"]
                )
                #expect(zip(messages, messages.dropFirst()).allSatisfy { $0.position < $1.position })
                #expect(!events.seen.contains(.gap(room: "show")))
            }
        }
    }

    @Test("A send still waiting when the connection drops fails with connectionLost and is not sent again")
    func sendInFlightIsNotResent() async throws {
        let node = FakeChatNode()
        try await FakeChatNode.withServer(node) { url in
            try await Self.withClient(url) { client, events in
                _ = try await client.join("show")
                await node.setDropConnectionInsteadOfAck(true)
                let error = await #expect(throws: ChatClientError.self) {
                    try await client.send("stored but never acked", to: "show")
                }
                #expect(error?.code == .connectionLost)
                await node.setDropConnectionInsteadOfAck(false)

                try await events.next { $0 == .reconnected }
                // The node did store it: the resume brings it back, once, as anyone's message would arrive.
                let resumed = try await events.joined()
                #expect(resumed.history.map(\.text) == ["stored but never acked"])
                try await events.message("stored but never acked")
                #expect(await node.sendsReceived["stored but never acked"] == 1)
            }
        }
    }

    @Test("An error answer fails the send with the node's code and message, and the connection stays up")
    func errorAnswerFailsSend() async throws {
        let node = FakeChatNode()
        try await FakeChatNode.withServer(node) { url in
            try await Self.withClient(url) { client, events in
                _ = try await client.join("show")
                let error = await #expect(throws: ChatClientError.self) {
                    try await client.send("spam", to: "show")
                }
                #expect(error?.code == .rateLimited)
                #expect(error?.message == "20 messages per 30 s")
                #expect(error?.room == "show")
                _ = try await client.send("fine", to: "show")
                try await events.message("fine")
                #expect(!events.seen.contains { if case .disconnected = $0 { true } else { false } })
            }
        }
    }

    @Test("A send the node never answers fails with ackTimeout")
    func unansweredSendTimesOut() async throws {
        let node = FakeChatNode()
        let configuration = {
            var configuration = Self.configuration
            configuration.ackTimeout = .milliseconds(200)
            return configuration
        }()
        try await FakeChatNode.withServer(node) { url in
            try await Self.withClient(url, configuration: configuration) { client, _ in
                _ = try await client.join("show")
                await node.setNeverAck(true)
                let error = await #expect(throws: ChatClientError.self) {
                    try await client.send("into the void", to: "show")
                }
                #expect(error?.code == .ackTimeout)
            }
        }
    }

    @Test("A refused token stops run with unauthorized and the node's message, without retrying")
    func refusedTokenStops() async throws {
        try await RefusingNode.withServer(
            status: .unauthorized,
            body: #"{"error":"unauthorized","message":"the token is expired"}"#
        ) { url, node in
            let client = ChatClient(url: url, token: "expired", configuration: Self.configuration)
            let error = await #expect(throws: ChatClientError.self) {
                try await client.run()
            }
            #expect(error?.code == .unauthorized)
            #expect(error?.message == "the token is expired")
            // One attempt: the upgrade, and the probe that learns why it was refused. No retry.
            #expect(await node.requests == 2)
            let send = await #expect(throws: ChatClientError.self) {
                try await client.send("hi", to: "show")
            }
            #expect(send?.code == .notConnected)
        }
    }

    @Test("A node that declines the upgrade is retried until it accepts, and a join made meanwhile waits for it")
    func unavailableNodeIsRetried() async throws {
        let node = FakeChatNode()
        await node.setAccepting(false)
        try await FakeChatNode.withServer(node) { url in
            try await Self.withClient(url) { client, _ in
                try await withThrowingTaskGroup(of: JoinedRoom.self) { group in
                    group.addTask { try await client.join("show") }
                    await node.waitForRefusals(2)
                    await node.setAccepting(true)
                    let joined = try await group.next()
                    #expect(joined?.room == "show")
                }
            }
        }
    }

    @Test("A draining node's 503 is retried, not thrown")
    func drainingNodeIsRetried() async throws {
        try await RefusingNode.withServer(
            status: .serviceUnavailable,
            body: #"{"error":"unavailable","message":"the node is shutting down"}"#
        ) { url, node in
            let client = ChatClient(url: url, token: "good", configuration: Self.configuration)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                // Three attempts, each an upgrade and a probe, and run() is still going.
                await node.waitForRequests(6)
                group.cancelAll()
                try await group.waitForAll()
            }
        }
    }

    @Test("A URL that is not ws or wss is refused before connecting")
    func invalidURL() async {
        let client = ChatClient(url: "http://127.0.0.1:1/ws", token: nil)
        let error = await #expect(throws: ChatClientError.self) {
            try await client.run()
        }
        #expect(error?.code == .invalidURL)
    }
}
