import FanmeshChat
import Foundation
import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing

@Suite("Chat session fan-out")
struct ChatSessionFanoutTests {
    static func seed(_ count: Int) -> (ChatLog) async throws -> Void {
        { log in try await log.appendAll((1...count).map { TemporaryChatLog.draft("show", text: "old\($0)") }) }
    }

    static func join(_ session: SessionHarness, since: Int? = nil) async throws -> [String: Any] {
        let since = since.map { #","since":\#($0)"# } ?? ""
        try await session.send(#"{"op":"join","room":"show"\#(since)}"#)
        return try #require(try await session.waitFor(op: "joined").first)
    }

    @Test("A joined fan gets every later message once, in order, after its history")
    func liveMessages() async throws {
        try await SessionHarness.with(prepare: Self.seed(3)) { session in
            _ = try await Self.join(session)
            try await session.hub.log.appendAll((1...5).map { TemporaryChatLog.draft("show", text: "new\($0)") })
            let messages = try await session.waitFor(op: "msg", count: 5)
            #expect(messages.compactMap { $0["position"] as? Int } == [4, 5, 6, 7, 8])
            #expect(messages.compactMap { $0["text"] as? String } == ["new1", "new2", "new3", "new4", "new5"])
        }
    }

    @Test("After leave the fan gets left and no more messages")
    func leaveStopsMessages() async throws {
        try await SessionHarness.with { session in
            _ = try await Self.join(session)
            try await session.send(#"{"op":"leave","room":"show"}"#)
            try await session.waitFor(op: "left")
            try await session.hub.log.appendAll([TemporaryChatLog.draft("show")])
            try await session.send(#"{"op":"ping"}"#)
            try await session.waitFor(op: "pong")
            #expect(try session.objects(op: "msg").isEmpty)
            #expect(session.hub.existingRoom("show")?.memberCount == 0)
        }
    }

    @Test("A fan further behind than the replay window gets recovered false and only the latest page")
    func farBehindGetsLatestPage() async throws {
        let configure: (inout ChatHub.Configuration) -> Void = {
            $0.maxReplayMessages = 5
            $0.historyPageSize = 2
        }
        try await SessionHarness.with(configure: configure, prepare: Self.seed(10)) { session in
            let joined = try await Self.join(session, since: 1)
            #expect(joined["recovered"] as? Bool == false)
            #expect(joined["position"] as? Int == 10)
            let history = joined["history"] as? [[String: Any]] ?? []
            #expect(history.compactMap { $0["position"] as? Int } == [9, 10])
        }
    }

    @Test("A fan within the replay window gets every missed message, beyond the page size")
    func withinWindowGetsAll() async throws {
        let configure: (inout ChatHub.Configuration) -> Void = {
            $0.maxReplayMessages = 5
            $0.historyPageSize = 2
        }
        try await SessionHarness.with(configure: configure, prepare: Self.seed(10)) { session in
            let joined = try await Self.join(session, since: 5)
            #expect(joined["recovered"] as? Bool == true)
            let history = joined["history"] as? [[String: Any]] ?? []
            #expect(history.compactMap { $0["position"] as? Int } == [6, 7, 8, 9, 10])
        }
    }

    @Test("A fan with nothing queued is not dropped for one frame larger than the budget")
    func bigFrameIsNotSlowConsumer() async throws {
        try await SessionHarness.with(configure: { $0.outboundBudgetBytes = 1_000 }) { session in
            _ = try await Self.join(session)
            let text = String(repeating: "x", count: 1_200)
            try await session.hub.log.appendAll([TemporaryChatLog.draft("show", text: text)])
            let message = try #require(try await session.waitFor(op: "msg").first)
            #expect(message["text"] as? String == text)
            #expect(!session.frames.contains { $0.opcode == .connectionClose })
            #expect(session.channel.isActive)
        }
    }

    @Test("A fan whose queue is already past the budget is closed with 1008 slow consumer")
    func slowConsumerDropped() async throws {
        try await SessionHarness.with(configure: { $0.outboundBudgetBytes = 1_000 }) { session in
            _ = try await Self.join(session)
            // Bytes written but not flushed stay queued, like bytes the fan has not read.
            let filler = WebSocketFrame(
                fin: true,
                opcode: .text,
                data: ByteBuffer(string: #"{"op":"filler","pad":""# + String(repeating: "p", count: 2_000) + #""}"#)
            )
            let channel = session.channel
            try await channel.testingEventLoop.executeInContext { channel.write(filler, promise: nil) }
            try await session.hub.log.appendAll([TemporaryChatLog.draft("show", text: "hi")])
            let close = try await session.waitForClose()
            #expect(close.code == .policyViolation && close.reason == "slow consumer")
            #expect(try session.objects(op: "msg").isEmpty)
        }
    }
}
