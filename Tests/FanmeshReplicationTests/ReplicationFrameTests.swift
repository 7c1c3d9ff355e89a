import FanmeshCore
import FanmeshTestSupport
import NIOCore
import Testing

@testable import FanmeshReplication

@Suite("Replication frames")
struct ReplicationFrameTests {
    static let message = ChatMessage(
        id: MessageID(origin: "seoul-1", sequence: 42),
        time: .init(milliseconds: 1_795_600_000_000, counter: 3),
        room: "show",
        user: "mina",
        name: "미나 ✨",
        text: "안녕 from Seoul",
        region: "seoul"
    )

    static let frames: [ReplicationFrame] = [
        .subscribe(["seoul-1": 0, "frankfurt-1": 17]),
        .subscribe([:]),
        .entries(
            origin: "seoul-1",
            messages: [
                message,
                {
                    var m = message; m.id.sequence = 43; return m
                }(),
            ]
        ),
        .heartbeat(origin: "saopaulo-1", time: .init(rawValue: 99), sequence: 7),
        .gap(origin: "seoul-1", through: 1_000),
        .stats(ByteBuffer(string: #"{"node":"seoul-1"}"#)),
    ]

    @Test("Every frame survives encode and decode, even split at every byte offset")
    func roundTripAtEverySplit() throws {
        var all = ByteBuffer()
        for frame in Self.frames { frame.encode(into: &all) }
        let bytes = Array(all.readableBytesView)
        for split in stride(from: 0, through: bytes.count, by: 1) {
            var parser = ReplicationFrameParser()
            var decoded: [ReplicationFrame] = []
            for part in [bytes[..<split], bytes[split...]] {
                parser.append(ByteBuffer(bytes: part))
                while let frame = try parser.next() { decoded.append(frame) }
            }
            #expect(decoded == Self.frames)
        }
    }

    @Test("A length prefix over the limit is an error, not an allocation")
    func oversizeIsRefused() {
        var parser = ReplicationFrameParser(maxFrameBytes: 1_024)
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32.max)
        parser.append(buffer)
        #expect(throws: ReplicationFrameError.self) { try parser.next() }
    }

    @Test("Entries from another origin inside an entries frame are refused")
    func entriesMustMatchTheirOrigin() {
        var buffer = ByteBuffer()
        ReplicationFrame.entries(origin: "seoul-1", messages: [Self.message]).encode(into: &buffer)
        let bytes = Array(buffer.readableBytesView)
        // Rewrite the frame's origin string ("seoul-1" → "tokyo-1", same length).
        var forged = bytes
        let origin = Array("seoul-1".utf8)
        if let start = (0...(forged.count - origin.count)).first(where: {
            Array(forged[$0..<$0 + origin.count]) == origin
        }) {
            forged.replaceSubrange(start..<start + origin.count, with: Array("tokyo-1".utf8))
        }
        var parser = ReplicationFrameParser()
        parser.append(ByteBuffer(bytes: forged))
        #expect(throws: ReplicationFrameError.self) { try parser.next() }
    }

    @Test("Random bytes never crash the parser: each stream ends in frames, a wait, or a clear error")
    func fuzzRandomBytes() {
        var generator = SeededGenerator(seed: 0xFA4_3E5)
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...256, using: &generator)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if count >= 4, Bool.random(using: &generator) {
                // A plausible small length, so the body parsers are exercised too.
                let length = UInt32(count - 4)
                bytes.replaceSubrange(0..<4, with: withUnsafeBytes(of: length.bigEndian, Array.init))
            }
            var parser = ReplicationFrameParser(maxFrameBytes: 1 << 16)
            parser.append(ByteBuffer(bytes: bytes))
            for _ in 0..<64 {
                do {
                    guard try parser.next() != nil else { break }
                } catch {
                    #expect(!error.description.isEmpty)
                    break
                }
            }
        }
    }

    @Test("Link RTT smooths samples and reports the 99th percentile of the recent ones")
    func linkRTT() {
        var rtt = LinkRTT()
        for ms in 1...100 { rtt.record(.milliseconds(Int64(ms))) }
        #expect(rtt.percentile(0.99) == .milliseconds(99))
        #expect(rtt.smoothed! > .milliseconds(90))
    }
}
