internal import FanmeshChat
internal import HTTPTypes
internal import HummingbirdCore
internal import Logging
internal import NIOCore
internal import NIOHTTP1
internal import NIOHTTPTypes
internal import NIOHTTPTypesHTTP1
internal import NIOWebSocket

/// The HTTP/1.1 side of the client port: ordinary requests go to the router; an upgrade on `/ws` that the
/// ``ChatGate`` admits becomes a chat session whose handlers run on the connection's event loop, and one it refuses
/// is answered here with the gate's status and JSON reason (NIO's upgrade handler drops a refused upgrade request
/// instead of passing it on).
///
/// Modelled on HummingbirdWebSocket's `HTTP1WebSocketUpgradeChannel`, which cannot be used as is: it answers a
/// refused upgrade with a bare 400, where fans must get 401 with a JSON reason, and its sessions are async
/// sequences, where room fan-out must write shared pre-encoded frames without awaiting anyone.
struct ChatUpgradeChannel: ServerChildChannel, HTTPChannelHandler {
    enum UpgradeResult: Sendable {
        case chat(any Channel)
        case http(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        /// A `/ws` upgrade the gate refused: NIO's upgrade handler does not pass such a request on, so the
        /// refusal is answered here.
        case refused(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, ChatGate.Refusal)
    }

    struct Value: ServerChildChannelValue {
        let upgradeResult: EventLoopFuture<UpgradeResult>
        let channel: any Channel
    }

    let responder: HTTPChannelHandler.Responder
    let configuration: HTTP1Channel.Configuration
    let gate: ChatGate
    let logger: Logger

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let admitted = NIOLoopBoundBox<ChatIdentity?>(nil, eventLoop: channel.eventLoop)
            let refused = NIOLoopBoundBox<ChatGate.Refusal?>(nil, eventLoop: channel.eventLoop)
            let gate = self.gate
            let sessionLogger = self.logger
            let upgrader = NIOTypedWebSocketServerUpgrader<UpgradeResult>(
                maxFrameSize: gate.hub.configuration.maxFrameBytes,
                shouldUpgrade: { channel, head in
                    guard head.uri == "/ws" || head.uri.hasPrefix("/ws?") else {
                        return channel.eventLoop.makeSucceededFuture(nil)
                    }
                    let query = head.uri.firstIndex(of: "?").map { String(head.uri[head.uri.index(after: $0)...]) }
                    let authorization = head.headers.first(name: "authorization")
                    let address = ChatGate.address(of: channel)
                    let promise = channel.eventLoop.makePromise(of: Result<ChatIdentity, ChatGate.Refusal>.self)
                    promise.completeWithTask {
                        await gate.admit(authorization: authorization, query: query, address: address)
                    }
                    return promise.futureResult.map { decision in
                        switch decision {
                        case .success(let identity):
                            admitted.value = identity
                            return HTTPHeaders()
                        case .failure(let refusal):
                            refused.value = refusal
                            return nil
                        }
                    }
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        guard let identity = admitted.value else { throw ChannelError.inappropriateOperationForState }
                        let rawWriter = RawFrameWriter()
                        let logger = sessionLogger
                        // Start small: most fans send a few short frames, and 100,000 idle buffers add up.
                        try channel.syncOptions?.setOption(
                            ChannelOptions.recvAllocator,
                            value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65_536)
                        )
                        // Right before the frame encoder, so shared frames skip it but still pass through TLS when the port has it.
                        let encoder = try channel.pipeline.syncOperations.handler(type: WebSocketFrameEncoder.self)
                        try channel.pipeline.syncOperations.addHandler(rawWriter, position: .before(encoder))
                        try channel.pipeline.syncOperations.addHandler(
                            NIOWebSocketFrameAggregator(
                                minNonFinalFragmentSize: 0,
                                maxAccumulatedFrameCount: 64,
                                maxAccumulatedFrameSize: gate.hub.configuration.maxFrameBytes
                            )
                        )
                        try channel.pipeline.syncOperations.addHandler(
                            ChatSessionHandler(
                                hub: gate.hub,
                                identity: identity,
                                address: ChatGate.address(of: channel),
                                rawWriter: rawWriter,
                                logger: logger
                            )
                        )
                        return .chat(channel)
                    }
                }
            )
            let upgradeConfiguration = NIOTypedHTTPServerUpgradeConfiguration(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try channel.pipeline.syncOperations.addHandlers(self.configuration.additionalChannelHandlers())
                        try channel.pipeline.syncOperations.addHandler(
                            HTTPConnectionStateHandler(
                                idleTimeout: self.configuration.idleTimeout.map { .nanoseconds($0.nanoseconds) },
                                logger: logger
                            )
                        )
                        let http = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true)
                        )
                        if let refusal = refused.value { return UpgradeResult.refused(http, refusal) }
                        return UpgradeResult.http(http)
                    }
                }
            )
            var pipeline = NIOUpgradableHTTPServerPipelineConfiguration<UpgradeResult>(
                upgradeConfiguration: upgradeConfiguration
            )
            pipeline.enablePipelining = false
            pipeline.enableErrorHandling = false
            pipeline.enableResponseHeaderValidation = false
            let result = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(
                configuration: pipeline
            )
            return Value(upgradeResult: result, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.upgradeResult.get() {
            case .http(let http):
                await self.handleHTTP(asyncChannel: http, logger: logger)
            case .chat:
                // The session runs in its handlers on the event loop; not keeping this task alive for the life of
                // the connection saves about 5 KiB per idle fan. Shutdown reaches sessions through quiescing.
                return
            case .refused(let http, let refusal):
                try await http.executeThenClose { _, outbound in
                    let body = ByteBuffer(string: refusal.body)
                    let head = HTTPResponse(
                        status: refusal.status,
                        headerFields: [
                            .contentType: "application/json",
                            .contentLength: "\(body.readableBytes)",
                            .connection: "close",
                        ]
                    )
                    try await outbound.write(contentsOf: [.head(head), .body(body), .end(nil)])
                }
            }
        } catch {
            logger.debug("Connection ended during setup", metadata: ["error": "\(error)"])
        }
    }
}
