internal import NIOCore

/// Holds a new connection's bytes until ``PrefaceSniffer`` can tell HTTP/2 prior knowledge from HTTP/1.1, lets the
/// caller build the matching pipeline, then replays what it held and removes itself.
///
/// Runs on the connection's event loop. Bytes that arrive while the pipeline is being built are held too, so
/// nothing is lost or reordered.
internal final class PrefaceSniffingHandler<Output: Sendable>: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Builds the pipeline for the protocol the client spoke; the future completes when the pipeline is ready.
    typealias PipelineBuilder = (PrefaceSniffer.Decision, any Channel) -> EventLoopFuture<Output>

    private enum State {
        case sniffing
        case configuring
        case replaying
    }

    private var sniffer = PrefaceSniffer()
    private var state = State.sniffing
    private var held: ByteBuffer?
    private var promise: EventLoopPromise<Output>?
    private let buildPipeline: PipelineBuilder

    /// Completes with what `buildPipeline` produced, or fails if the connection closes before it could decide.
    var result: EventLoopFuture<Output> {
        guard let promise else { preconditionFailure("read `result` only after the handler is in a pipeline") }
        return promise.futureResult
    }

    init(buildPipeline: @escaping PipelineBuilder) {
        self.buildPipeline = buildPipeline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.promise = context.eventLoop.makePromise()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if self.state == .sniffing {
            self.promise?.fail(ChannelError.inappropriateOperationForState)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = self.unwrapInboundIn(data)
        let decision = self.state == .sniffing ? self.sniffer.receive(bytes) : nil
        if self.held == nil {
            self.held = bytes
        } else {
            self.held!.writeBuffer(&bytes)
        }
        guard let decision, decision != .needMoreBytes else { return }
        self.state = .configuring
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        self.buildPipeline(decision, context.channel).hop(to: context.eventLoop).whenComplete { outcome in
            let (handler, context) = loopBound.value
            handler.pipelineBuilt(context: context, outcome: outcome)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // Until the protocol is known nothing downstream can ask for more bytes, so ask here.
        if self.state == .sniffing {
            context.read()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if self.state == .sniffing {
            self.state = .replaying
            self.promise?.fail(ChannelError.eof)
        }
        context.fireChannelInactive()
    }

    private func pipelineBuilt(context: ChannelHandlerContext, outcome: Result<Output, any Error>) {
        self.state = .replaying
        switch outcome {
        case .success(let output):
            self.promise?.succeed(output)
            if let held = self.held {
                self.held = nil
                context.fireChannelRead(self.wrapInboundOut(held))
                context.fireChannelReadComplete()
            }
            context.pipeline.syncOperations.removeHandler(self, promise: nil)
        case .failure(let error):
            self.promise?.fail(error)
            context.fireErrorCaught(error)
            context.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension PrefaceSniffingHandler: Sendable {}
