import FanmeshCore
import FanmeshTestSupport
import NIOCore
import Testing

@Suite("Chat message records under random bytes")
struct ChatMessageDecodingFuzzTests {
    static let sample = ChatMessage(
        id: MessageID(origin: "seoul-1", sequence: 77),
        time: .init(milliseconds: 1_795_604_520_361, counter: 3),
        room: "show",
        user: "u123",
        name: "Mina",
        text: "안녕 🎤 hi",
        region: "seoul"
    )

    /// Decodes `bytes`: a message, or a decoding error naming a field. Never crashes, never reads past the end.
    static func outcome(_ bytes: [UInt8]) -> Result<ChatMessage, ChatMessageDecodingError> {
        var buffer = ByteBuffer(bytes: bytes)
        do {
            return .success(try ChatMessage(decoding: &buffer))
        } catch {
            return .failure(error)
        }
    }

    @Test("Random byte strings decode or fail with a named field, never crash")
    func randomBytes() {
        var generator = SeededGenerator(seed: 0xF022)
        var failures = 0
        for _ in 0..<4_000 {
            let count = Int.random(in: 0..<96, using: &generator)
            var bytes = (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            // Half start with the right version byte, so decoding gets past it.
            if !bytes.isEmpty, Bool.random(using: &generator) { bytes[0] = ChatMessage.codecVersion }
            if case .failure(let error) = Self.outcome(bytes) {
                failures += 1
                #expect(!error.field.isEmpty && !error.problem.isEmpty)
            }
        }
        #expect(failures > 3_900)
    }

    @Test("A record with random bytes overwritten decodes or fails with a named field, never crashes")
    func mutatedRecords() {
        var generator = SeededGenerator(seed: 0x3D17)
        let record = Array(Self.sample.encoded.readableBytesView)
        for _ in 0..<4_000 {
            var bytes = record
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = .random(
                    in: .min ... .max,
                    using: &generator
                )
            }
            if Bool.random(using: &generator) { bytes.removeLast(Int.random(in: 0..<bytes.count, using: &generator)) }
            switch Self.outcome(bytes) {
            case .success:
                #expect(bytes.first == ChatMessage.codecVersion)
            case .failure(let error):
                #expect(!error.field.isEmpty && !error.problem.isEmpty)
            }
        }
    }
}
