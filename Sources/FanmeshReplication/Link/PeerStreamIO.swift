internal import NIOCore
internal import NIOHTTP2

/// The two ends of a peer stream's bytes: DATA payloads in and out, cut into and built from replication frames.
typealias PeerStreamChannel = NIOAsyncChannel<HTTP2Frame.FramePayload, HTTP2Frame.FramePayload>

extension NIOAsyncChannelOutboundWriter where OutboundOut == HTTP2Frame.FramePayload {
    /// Writes frames in one DATA payload (one flush for the lot); suspends while HTTP/2 flow control says wait.
    /// Returns the bytes written.
    @discardableResult
    func write(frames: [ReplicationFrame]) async throws -> Int {
        guard !frames.isEmpty else { return 0 }
        var buffer = ByteBuffer()
        for frame in frames { frame.encode(into: &buffer) }
        let bytes = buffer.readableBytes
        try await self.write(.data(.init(data: .byteBuffer(buffer))))
        return bytes
    }
}

/// Reads a peer stream's DATA payloads and hands each whole frame to `handle`, until the stream ends.
///
/// - Throws: ``ReplicationFrameError`` for bytes that are not frames (the caller closes the stream).
func readFrames(
    from inbound: NIOAsyncChannelInboundStream<HTTP2Frame.FramePayload>,
    maxFrameBytes: Int,
    received: (Int) -> Void = { _ in },
    _ handle: (ReplicationFrame) async throws -> Void
) async throws {
    var parser = ReplicationFrameParser(maxFrameBytes: maxFrameBytes)
    for try await payload in inbound {
        guard case .data(let data) = payload, case .byteBuffer(let bytes) = data.data else { continue }
        received(bytes.readableBytes)
        parser.append(bytes)
        while let frame = try parser.next() {
            try await handle(frame)
        }
        if data.endStream { return }
    }
}
