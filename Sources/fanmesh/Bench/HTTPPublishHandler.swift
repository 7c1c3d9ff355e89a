internal import NIOCore
internal import NIOHTTP1

/// An nchan publisher: POSTs a message whose body carries its send time to `<publish URL><room>` on a kept-alive
/// HTTP/1.1 connection, pipelined, and counts each 2xx answer as the server's acknowledgement. On its loop.
final class HTTPPublishHandler: ChannelInboundHandler, LoadSender {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let host: String
    private let path: String
    private let padding: String
    private let stats: LoopStats
    private var context: ChannelHandlerContext?
    private var timer: RepeatedTask?
    /// Send times of the requests not answered yet, oldest first (HTTP/1.1 answers in order).
    private var inFlight: [UInt64] = []
    private var inFlightStart = 0

    init(host: String, path: String, padding: String, stats: LoopStats) {
        self.host = host
        self.path = path
        self.padding = padding
        self.stats = stats
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.timer?.cancel()
        self.context = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let response) = self.unwrapInboundIn(data) else { return }
        let now = BenchClock.nanoseconds()
        if self.inFlightStart < self.inFlight.count {
            self.stats.ack.record(nanoseconds: now &- self.inFlight[self.inFlightStart])
            self.inFlightStart += 1
            if self.inFlightStart > 1024 {
                self.inFlight.removeFirst(self.inFlightStart)
                self.inFlightStart = 0
            }
        }
        if (200..<300).contains(response.status.code) {
            self.stats.counters.acks += 1
        } else {
            self.stats.counters.sendErrors += 1
            self.stats.counters.count(reason: "publish http \(response.status.code)")
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.stats.counters.count(reason: "publish: \(type(of: error))")
        context.close(promise: nil)
    }

    func startSending(interval: Duration?) {
        guard let context, self.timer == nil else { return }
        let nanoseconds =
            (interval ?? .milliseconds(10)).components.attoseconds / 1_000_000_000
            + (interval ?? .milliseconds(10)).components.seconds * 1_000_000_000
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        self.timer = context.eventLoop.scheduleRepeatedTask(
            initialDelay: .nanoseconds(Int64.random(in: 0..<max(1, nanoseconds))),
            delay: .nanoseconds(nanoseconds)
        ) { _ in handler.value.publishOne() }
    }

    func stopSending() {
        self.timer?.cancel()
        self.timer = nil
    }

    private func publishOne() {
        guard let context else { return }
        let now = BenchClock.nanoseconds()
        let body = context.channel.allocator.buffer(string: "t\(now)\(self.padding)")
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: self.host)
        headers.add(name: "Content-Length", value: "\(body.readableBytes)")
        headers.add(name: "Content-Type", value: "text/plain")
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: self.path, headers: headers)
        context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        context.write(self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
        self.inFlight.append(now)
        self.stats.counters.sends += 1
    }
}

@available(*, unavailable)
extension HTTPPublishHandler: Sendable {}
