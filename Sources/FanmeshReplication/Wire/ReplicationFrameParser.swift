package import NIOCore

/// Cuts a peer stream's bytes, which arrive in arbitrary DATA chunks, into whole ``ReplicationFrame``s.
package struct ReplicationFrameParser: Sendable {
    /// The largest frame accepted, in bytes; a larger length prefix is an error, not an allocation.
    package let maxFrameBytes: Int
    private var buffer = ByteBuffer()

    package init(maxFrameBytes: Int = 16 << 20) {
        self.maxFrameBytes = maxFrameBytes
    }

    /// Adds bytes that arrived.
    package mutating func append(_ bytes: ByteBuffer) {
        var bytes = bytes
        if self.buffer.readableBytes == 0 {
            self.buffer = bytes
        } else {
            self.buffer.writeBuffer(&bytes)
        }
    }

    /// The next whole frame, or nil until more bytes arrive.
    package mutating func next() throws(ReplicationFrameError) -> ReplicationFrame? {
        guard let length = self.buffer.getInteger(at: self.buffer.readerIndex, as: UInt32.self) else { return nil }
        guard Int(length) <= self.maxFrameBytes else {
            throw ReplicationFrameError("a frame of \(length) bytes is over the limit of \(self.maxFrameBytes)")
        }
        guard self.buffer.readableBytes >= 4 + Int(length) else { return nil }
        self.buffer.moveReaderIndex(forwardBy: 4)
        var body = self.buffer.readSlice(length: Int(length))!
        if self.buffer.readableBytes == 0 { self.buffer.clear() }
        return try ReplicationFrame(body: &body)
    }
}
