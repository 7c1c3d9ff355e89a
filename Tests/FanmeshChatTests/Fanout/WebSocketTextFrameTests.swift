import FanmeshChat
import NIOCore
import NIOWebSocket
import Testing

@Suite("Pre-encoded WebSocket text frames")
struct WebSocketTextFrameTests {
    @Test(
        "The header uses the shortest length encoding RFC 6455 allows",
        arguments: [
            (0, [0x81, 0x00]), (1, [0x81, 0x01]), (125, [0x81, 0x7D]), (126, [0x81, 0x7E, 0x00, 0x7E]),
            (65_535, [0x81, 0x7E, 0xFF, 0xFF]), (65_536, [0x81, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00]),
        ] as [(Int, [UInt8])]
    )
    func header(_ length: Int, _ header: [UInt8]) throws {
        let payload = ByteBuffer(bytes: (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) })
        let frame = WebSocketTextFrame.make(payload: payload)
        #expect(Array(frame.readableBytesView.prefix(header.count)) == header)
        #expect(frame.readableBytes == header.count + length)

        let decoded = try ServerFrames.decode(frame)
        #expect(decoded.count == 1)
        let only = try #require(decoded.first)
        #expect(only.fin && only.opcode == .text && only.maskKey == nil)
        #expect(!only.rsv1 && !only.rsv2 && !only.rsv3)
        #expect(only.data == payload)
    }

    @Test("Making a frame leaves the payload buffer untouched")
    func payloadUntouched() {
        let payload = ByteBuffer(string: #"{"op":"pong"}"#)
        let copy = payload
        _ = WebSocketTextFrame.make(payload: payload)
        #expect(payload == copy && payload.readableBytes == 13)
    }

    @Test("Frames written back to back decode one by one")
    func backToBack() throws {
        var bytes = WebSocketTextFrame.make(payload: ByteBuffer(string: "one"))
        var second = WebSocketTextFrame.make(payload: ByteBuffer(repeating: UInt8(ascii: "x"), count: 300))
        bytes.writeBuffer(&second)
        let frames = try ServerFrames.decode(bytes)
        #expect(frames.map(\.data.readableBytes) == [3, 300])
    }
}
