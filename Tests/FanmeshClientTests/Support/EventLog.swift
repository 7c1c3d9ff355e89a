@testable import FanmeshClient

/// Reads a client's events in order and remembers them.
struct EventLog {
    struct Ended: Error {}

    private var iterator: AsyncStream<ChatEvent>.AsyncIterator
    private(set) var seen: [ChatEvent] = []

    init(_ events: AsyncStream<ChatEvent>) {
        self.iterator = events.makeAsyncIterator()
    }

    /// Reads up to and including the first event `matching`, and returns it.
    @discardableResult
    mutating func next(_ matching: (ChatEvent) -> Bool) async throws -> ChatEvent {
        while let event = await self.iterator.next() {
            self.seen.append(event)
            if matching(event) { return event }
        }
        throw Ended()
    }

    /// Reads up to the message with `text`, and returns it.
    @discardableResult
    mutating func message(_ text: String) async throws -> ChatMessage {
        let event = try await self.next { if case .message(let message) = $0 { message.text == text } else { false } }
        guard case .message(let message) = event else { throw Ended() }
        return message
    }

    /// Reads up to the next `joined`, and returns it.
    mutating func joined() async throws -> JoinedRoom {
        let event = try await self.next { if case .joined = $0 { true } else { false } }
        guard case .joined(let joined) = event else { throw Ended() }
        return joined
    }

    /// Every message read so far, in order.
    var messages: [ChatMessage] {
        self.seen.compactMap { if case .message(let message) = $0 { message } else { nil } }
    }
}
