package import NIOCore

/// Sits just before the WebSocket frame encoder (after TLS, when there is TLS) so fan-out can write frames that are already encoded (one buffer
/// shared by every member of a room) straight to the socket, past the frame encoder.
package final class RawFrameWriter: ChannelOutboundHandler, RemovableChannelHandler {
    package typealias OutboundIn = ByteBuffer
    package typealias OutboundOut = ByteBuffer

    private var context: ChannelHandlerContext?

    package init() {}

    package func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    package func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Queues a complete WebSocket frame; call on the channel's event loop, and ``flush()`` after a pass.
    package func write(frame: ByteBuffer) {
        self.context?.write(NIOAny(frame), promise: nil)
    }

    package func flush() {
        self.context?.flush()
    }
}

@available(*, unavailable)
extension RawFrameWriter: Sendable {}
