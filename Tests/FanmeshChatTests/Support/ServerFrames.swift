import NIOCore
import NIOEmbedded
import NIOWebSocket

/// Decodes what a server wrote with NIO's own `WebSocketFrameDecoder`, proving the bytes are valid frames.
enum ServerFrames {
    /// Every complete frame in `bytes`; throws when bytes are left over or the decoder refuses them.
    static func decode(_ bytes: ByteBuffer, maxFrameSize: Int = 1 << 20) throws -> [WebSocketFrame] {
        let channel = EmbeddedChannel(
            handler: ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: maxFrameSize))
        )
        try channel.writeInbound(bytes)
        var frames: [WebSocketFrame] = []
        while let frame = try channel.readInbound(as: WebSocketFrame.self) { frames.append(frame) }
        guard try channel.finish().isClean else { throw FixtureError("bytes left after the last whole frame") }
        return frames
    }
}
