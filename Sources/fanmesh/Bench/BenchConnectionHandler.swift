internal import NIOCore
internal import NIOWebSocket

/// One bench connection after its WebSocket upgrade: joins the room, counts and times every delivery, and, for a
/// sender, posts messages whose text carries their send time (`t<nanoseconds>`) so any receiver can time them.
///
/// Runs on its channel's event loop and records into that loop's ``LoopStats`` without locks.
final class BenchConnectionHandler: ChannelInboundHandler, LoadSender {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    struct Settings: Sendable {
        var wire: BenchProtocol
        var room: String
        /// Appended to each posted text to reach the wanted message size.
        var padding: String = ""
    }

    private let settings: Settings
    private let stats: LoopStats
    private var context: ChannelHandlerContext?
    private var nats = NATSStreamParser()
    private var joined = false
    private var sending = false
    private var closedLoop = false
    private var timer: RepeatedTask?

    init(settings: Settings, stats: LoopStats) {
        self.settings = settings
        self.stats = stats
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        switch self.settings.wire {
        case .fanmesh:
            self.write(#"{"op":"join","room":"\#(self.settings.room)"}"#)
        case .nats:
            self.write(
                #"CONNECT {"verbose":false,"pedantic":false,"protocol":1,"name":"fanmesh-bench"}"#
                    + "\r\nSUB \(self.settings.room) 1\r\nPING\r\n"
            )
        case .nchan:
            self.markJoined()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.timer?.cancel()
        self.sending = false
        self.stats.counters.disconnects += 1
        self.context = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.stats.counters.count(reason: "error: \(type(of: error))")
        context.close(promise: nil)
    }

    // MARK: Receiving

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = self.unwrapInboundIn(data)
        switch frame.opcode {
        case .text, .binary:
            self.stats.counters.frames += 1
            self.stats.counters.bytes += frame.data.readableBytes
            let ok: Bool
            switch self.settings.wire {
            case .fanmesh: ok = self.readChat(frame.data)
            case .nats: ok = self.readNATS(frame.data)
            case .nchan: ok = self.readNChan(frame.data)
            }
            if !ok { self.stats.counters.malformed += 1 }
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.data)
            context.writeAndFlush(self.wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            var data = frame.data
            let code = data.readWebSocketErrorCode().map { "\($0)" } ?? "none"
            self.stats.counters.closedByServer += 1
            self.stats.counters.count(reason: "closed by server: \(code)")
            context.close(promise: nil)
        default:
            break
        }
    }

    private func readChat(_ data: ByteBuffer) -> Bool {
        let now = BenchClock.nanoseconds()
        return data.withUnsafeReadableBytes { bytes in
            ChatFrameScanner.scan(bytes) { item in
                switch item.op {
                case .msg:
                    self.stats.counters.deliveries += 1
                    if let text = item.text, let sent = ChatFrameScanner.sendTime(in: bytes, text) {
                        self.stats.recordDelivery(sentAt: sent, now: now)
                    }
                case .ack:
                    self.stats.counters.acks += 1
                    if let nonce = item.nonce, let sent = ChatFrameScanner.sendTime(in: bytes, nonce) {
                        self.stats.ack.record(nanoseconds: now &- sent)
                    }
                    self.answered()
                case .error:
                    if item.nonce != nil {
                        self.stats.counters.sendErrors += 1
                        self.answered(retryAfter: .milliseconds(5))
                    } else {
                        self.stats.counters.count(reason: "error frame")
                    }
                case .joined:
                    self.markJoined()
                case .pong, .presence, .other:
                    break
                }
            }
        }
    }

    private func readNATS(_ data: ByteBuffer) -> Bool {
        let now = BenchClock.nanoseconds()
        var pings = 0
        let ok = self.nats.feed(data) { event in
            switch event {
            case .message(let bytes, let payload):
                self.stats.counters.deliveries += 1
                if let sent = ChatFrameScanner.sendTime(in: bytes, payload) {
                    self.stats.recordDelivery(sentAt: sent, now: now)
                }
            case .ping:
                pings += 1
            case .pong:
                self.markJoined()
            case .error:
                self.stats.counters.count(reason: "nats -ERR")
            }
        }
        for _ in 0..<pings { self.write("PONG\r\n") }
        return ok
    }

    private func readNChan(_ data: ByteBuffer) -> Bool {
        let now = BenchClock.nanoseconds()
        self.stats.counters.deliveries += 1
        data.withUnsafeReadableBytes { bytes in
            if let sent = ChatFrameScanner.sendTime(in: bytes, 0..<bytes.count) {
                self.stats.recordDelivery(sentAt: sent, now: now)
            }
        }
        return true
    }

    private func markJoined() {
        guard !self.joined else { return }
        self.joined = true
        self.stats.counters.joined += 1
    }

    // MARK: Sending

    func startSending(interval: Duration?) {
        guard let context, !self.sending else { return }
        self.sending = true
        guard let interval else {
            self.closedLoop = true
            self.sendOne()
            return
        }
        let nanoseconds = interval.components.seconds * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000
        let jitter = Int64.random(in: 0..<max(1, nanoseconds))
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        self.timer = context.eventLoop.scheduleRepeatedTask(
            initialDelay: .nanoseconds(jitter),
            delay: .nanoseconds(nanoseconds)
        ) { _ in handler.value.sendOne() }
    }

    func stopSending() {
        self.sending = false
        self.timer?.cancel()
        self.timer = nil
    }

    private func answered(retryAfter delay: TimeAmount? = nil) {
        guard self.closedLoop, self.sending, let context else { return }
        if let delay {
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: delay) { if handler.value.sending { handler.value.sendOne() } }
        } else {
            self.sendOne()
        }
    }

    private func sendOne() {
        guard self.sending, self.context != nil else { return }
        let now = BenchClock.nanoseconds()
        let text = "t\(now)\(self.settings.padding)"
        switch self.settings.wire {
        case .fanmesh:
            self.write(#"{"op":"send","room":"\#(self.settings.room)","text":"\#(text)","nonce":"\#(now)"}"#)
        case .nats:
            self.write("PUB \(self.settings.room) \(text.utf8.count)\r\n\(text)\r\n")
        case .nchan:
            return
        }
        self.stats.counters.sends += 1
    }

    private func write(_ text: String) {
        guard let context else { return }
        let buffer = context.channel.allocator.buffer(string: text)
        let opcode: WebSocketOpcode = self.settings.wire == .nats ? .binary : .text
        let frame = WebSocketFrame(fin: true, opcode: opcode, maskKey: .random(), data: buffer)
        context.writeAndFlush(self.wrapOutboundOut(frame), promise: nil)
    }
}

@available(*, unavailable)
extension BenchConnectionHandler: Sendable {}
