package import FanmeshCore
internal import Foundation
package import Logging
package import NIOCore
package import NIOWebSocket

/// One fan's WebSocket session, entirely on its channel's event loop: decodes requests, enforces limits, joins
/// rooms with history replay, posts to the log, and writes room fan-out without ever awaiting the fan.
///
/// Replies (`joined`, `ack`, `error`) go through the frame encoder; room batches go through ``RawFrameWriter`` as
/// pre-encoded bytes shared with every other member. Both reach the socket in the order they were written.
package final class ChatSessionHandler: ChannelDuplexHandler, RoomMember {
    package typealias InboundIn = WebSocketFrame
    package typealias OutboundIn = WebSocketFrame
    package typealias OutboundOut = WebSocketFrame

    enum MembershipState {
        /// Joined, history not yet sent: live batches wait here so nothing is lost or sent twice.
        case catchingUp([RoomBatch])
        /// History sent; `lastPosition` is the newest position this fan has.
        case live(lastPosition: UInt64)
    }

    struct Membership {
        var room: Room
        var state: MembershipState
    }

    let hub: ChatHub
    let identity: ChatIdentity
    let address: String
    let rawWriter: RawFrameWriter
    var logger: Logger
    var context: ChannelHandlerContext?
    var memberships: [String: Membership] = [:]
    var closing = false
    var readPending = false
    var expiry: Scheduled<Void>?
    /// Shared frames queued since the last flush.
    var unflushed = false

    package init(hub: ChatHub, identity: ChatIdentity, address: String, rawWriter: RawFrameWriter, logger: Logger) {
        self.hub = hub
        self.identity = identity
        self.address = address
        self.rawWriter = rawWriter
        self.logger = logger
    }

    package func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.hub.metrics.connectionOpened()
        self.logger.debug("Chat session opened", metadata: ["chat.user": "\(self.identity.userID)"])
        if let expiresAt = self.identity.expiresAt {
            let remaining = max(0, expiresAt.timeIntervalSinceNow)
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            self.expiry = context.eventLoop.scheduleTask(in: .milliseconds(Int64(remaining * 1000))) {
                loopBound.value.close(code: .policyViolation, reason: "token expired")
            }
        }
    }

    package func handlerRemoved(context: ChannelHandlerContext) {
        self.leaveAll(on: context.eventLoop)
        self.expiry?.cancel()
        self.hub.metrics.connectionClosed()
        self.hub.connections.close(address: self.address)
        self.context = nil
        self.logger.debug("Chat session closed", metadata: ["chat.user": "\(self.identity.userID)"])
    }

    package func channelInactive(context: ChannelHandlerContext) {
        self.leaveAll(on: context.eventLoop)
        context.fireChannelInactive()
    }

    package func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            self.close(code: .goingAway, reason: "going away")
        } else if let event = event as? ChannelEvent, event == .inputClosed {
            // The server allows half-closure, so a fan that vanished without a close frame only shows up as the end
            // of its input; without closing here its socket would sit in CLOSE_WAIT and stay a room member.
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    // MARK: Honouring writability

    package func read(context: ChannelHandlerContext) {
        // While the fan is not reading what we send, stop reading what it sends.
        if context.channel.isWritable {
            context.read()
        } else {
            self.readPending = true
        }
    }

    package func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, self.readPending {
            self.readPending = false
            context.read()
        }
        context.fireChannelWritabilityChanged()
    }

    // MARK: Inbound frames

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = self.unwrapInboundIn(data)
        // RFC 6455 §5.1 and §5.2: client frames are masked, and no extension was negotiated to use RSV bits.
        guard frame.maskKey != nil else {
            self.close(code: .protocolError, reason: "client frames must be masked")
            return
        }
        guard !frame.rsv1, !frame.rsv2, !frame.rsv3 else {
            self.close(code: .protocolError, reason: "reserved bits set without an extension")
            return
        }
        switch frame.opcode {
        case .text:
            let payload = frame.unmaskedData
            guard String(validating: payload.readableBytesView, as: UTF8.self) != nil else {
                self.close(code: .dataInconsistentWithMessage, reason: "text frame is not valid UTF-8")
                return
            }
            for request in ChatRequest.decode(frame: payload.readableBytesView) {
                switch request {
                case .success(let request): self.handle(request)
                case .failure(let error): self.reply(error: error)
                }
            }
        case .binary:
            self.reply(error: ChatError(.badRequest, "binary frames are not part of the protocol; send JSON as text"))
        case .ping:
            self.write(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData))
        case .connectionClose:
            self.respondToClose(frame)
        case .pong:
            break
        default:
            self.close(code: .protocolError, reason: "reserved opcode")
        }
    }

    private func respondToClose(_ frame: WebSocketFrame) {
        guard let context, !self.closing else { return }
        self.closing = true
        var data = frame.unmaskedData
        let code = data.readWebSocketErrorCode() ?? .normalClosure
        var reply = context.channel.allocator.buffer(capacity: 2)
        reply.write(webSocketErrorCode: code)
        context.writeAndFlush(self.wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: reply)))
            .whenComplete { _ in context.close(promise: nil) }
    }

    /// Sends a close frame with `code` and `reason`, then closes the connection.
    func close(code: WebSocketErrorCode, reason: String) {
        guard let context, !self.closing else { return }
        self.closing = true
        var data = context.channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        data.write(webSocketErrorCode: code)
        data.writeString(reason)
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
        context.writeAndFlush(self.wrapOutboundOut(frame)).whenComplete { _ in context.close(promise: nil) }
        // A fan too slow to take the close frame is not waited for.
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: .seconds(2)) { loopBound.value.close(promise: nil) }
    }

    // MARK: Writing

    func write(_ frame: WebSocketFrame) {
        guard let context, !self.closing else { return }
        context.writeAndFlush(self.wrapOutboundOut(frame), promise: nil)
    }

    func reply(_ json: ByteBuffer) {
        self.write(WebSocketFrame(fin: true, opcode: .text, data: json))
    }

    func reply(error: ChatError) {
        self.hub.metrics.refused()
        self.reply(ChatReply.error(error))
    }

    /// Writes a pre-encoded frame unless the fan's queue is already past its budget, in which case the fan is
    /// dropped as a slow consumer. Returns whether it wrote.
    @discardableResult
    func writeShared(frame: ByteBuffer) -> Bool {
        guard let context, !self.closing else { return false }
        let queued = (try? context.channel.syncOptions?.getOption(ChannelOptions.bufferedWritableBytes)) ?? 0
        // A fan with nothing queued is keeping up, even when one frame alone is larger than the budget.
        guard queued == 0 || queued + frame.readableBytes <= self.hub.configuration.outboundBudgetBytes else {
            self.hub.metrics.slowConsumerDropped()
            self.logger.info(
                "Slow consumer dropped",
                metadata: ["chat.user": "\(self.identity.userID)", "chat.queued_bytes": "\(queued)"]
            )
            self.close(code: .policyViolation, reason: "slow consumer")
            return false
        }
        self.rawWriter.write(frame: frame)
        self.unflushed = true
        return true
    }

    package func flushDeliveries() {
        guard self.unflushed else { return }
        self.unflushed = false
        self.rawWriter.flush()
    }

    // MARK: RoomMember

    package func deliver(_ batch: RoomBatch) -> Int {
        guard var membership = self.memberships[batch.room] else { return 0 }
        switch membership.state {
        case .catchingUp(var waiting):
            waiting.append(batch)
            membership.state = .catchingUp(waiting)
            self.memberships[batch.room] = membership
            return 0
        case .live(let lastPosition):
            guard batch.lastPosition > lastPosition else { return 0 }
            let unseen =
                batch.firstPosition > lastPosition
                ? batch.messages.count : batch.messages.count { $0.position > lastPosition }
            membership.state = .live(lastPosition: batch.lastPosition)
            self.memberships[batch.room] = membership
            guard let frame = batch.frame(after: lastPosition), self.writeShared(frame: frame) else { return 0 }
            return unseen
        }
    }

    package func deliver(notice frame: ByteBuffer, room: String) {
        guard case .live = self.memberships[room]?.state else { return }
        self.writeShared(frame: frame)
    }

    func leaveAll(on loop: any EventLoop) {
        for membership in self.memberships.values {
            membership.room.remove(self, on: loop)
        }
        self.memberships.removeAll()
    }
}

@available(*, unavailable)
extension ChatSessionHandler: Sendable {}
