package import NIOCore

/// Sits at the head end of a WebSocket pipeline so fan-out can write frames that are already encoded (one buffer
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

    /// Writes a complete WebSocket frame and flushes; call on the channel's event loop.
    package func writeAndFlush(frame: ByteBuffer) {
        self.context?.writeAndFlush(NIOAny(frame), promise: nil)
    }
}

@available(*, unavailable)
extension RawFrameWriter: Sendable {}
