internal import Dispatch
internal import NIOCore
internal import NIOHTTP2
internal import Synchronization

/// Who is at the other end of a peer connection, learned from its first stream; RTT samples wait for it.
final class LinkPeer: Sendable {
    private let peer = Mutex<String?>(nil)
    private let onRTT: @Sendable (String, Duration) -> Void

    init(onRTT: @escaping @Sendable (String, Duration) -> Void) {
        self.onRTT = onRTT
    }

    func identify(_ id: String) {
        self.peer.withLock { $0 = id }
    }

    func record(_ rtt: Duration) {
        if let peer = self.peer.withLock({ $0 }) { self.onRTT(peer, rtt) }
    }
}

/// Sends an HTTP/2 PING on the connection every `interval` and times its ACK: the link's RTT, measured by the
/// same bytes path the replication uses (so through the WAN emulator when there is one).
final class PingHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTP2Frame
    typealias InboundOut = HTTP2Frame
    typealias OutboundIn = HTTP2Frame
    typealias OutboundOut = HTTP2Frame

    private let interval: Duration
    private let peer: LinkPeer
    private var task: RepeatedTask?
    /// PINGs sent since the last ACK; past ``maxUnanswered`` the link is dead (a stalled path stays "connected"
    /// at the TCP level forever), so the connection is closed and redialled.
    private var unanswered = 0
    static let maxUnanswered = 3

    init(interval: Duration, peer: LinkPeer) {
        self.interval = interval
        self.peer = peer
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { self.start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        self.start(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.task?.cancel()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.task?.cancel()
        context.fireChannelInactive()
    }

    private func start(context: ChannelHandlerContext) {
        guard self.task == nil else { return }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let nanoseconds = self.interval.components.seconds * 1_000_000_000 + self.interval.components.attoseconds / 1_000_000_000
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        self.task = context.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(50), delay: .nanoseconds(nanoseconds)) { _ in
            let context = loopBound.value
            let handler = handler.value
            if handler.unanswered >= Self.maxUnanswered {
                context.close(promise: nil)
                return
            }
            handler.unanswered += 1
            let now = DispatchTimeNanoseconds.now()
            let ping = HTTP2Frame(streamID: .rootStream, payload: .ping(HTTP2PingData(withInteger: now), ack: false))
            context.writeAndFlush(NIOAny(ping), promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = self.unwrapInboundIn(data)
        if case .ping(let pingData, ack: true) = frame.payload {
            let sent = pingData.integer
            let now = DispatchTimeNanoseconds.now()
            if now >= sent { self.peer.record(.nanoseconds(Int64(now - sent))) }
            self.unanswered = 0
            return
        }
        context.fireChannelRead(data)
    }
}

@available(*, unavailable)
extension PingHandler: Sendable {}

/// Monotonic nanoseconds for PING payloads (only this process compares them).
enum DispatchTimeNanoseconds {
    static func now() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }
}
