internal import NIOCore
internal import NIOHPACK
internal import NIOHTTP2

/// Captures the first HEADERS of an inbound peer stream, so the listener can route the stream by `:path` and
/// the peer's id before its session reads the rest.
final class StreamHeadersHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTP2Frame.FramePayload
    typealias InboundOut = HTTP2Frame.FramePayload

    private var promise: EventLoopPromise<HPACKHeaders>?

    init(promise: EventLoopPromise<HPACKHeaders>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .headers(let headers) = self.unwrapInboundIn(data), let promise = self.promise {
            self.promise = nil
            promise.succeed(headers.headers)
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.promise?.fail(ChannelError.eof)
        self.promise = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.promise?.fail(ChannelError.eof)
        self.promise = nil
    }
}

@available(*, unavailable)
extension StreamHeadersHandler: Sendable {}
