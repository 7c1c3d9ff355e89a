package import Logging
package import NIOCore

/// Forwards what its channel reads to the other side of a relayed connection after the link's one-way delay
/// plus jitter, in order, and stops reading while too many bytes are in flight.
///
/// A relayed connection has one on each channel (the dialer's side and the acceptor's side), both on the same
/// event loop, each writing into the other's channel; all of it runs on that loop, with scheduled tasks instead
/// of sleeps. The schedule and the byte accounting are a ``DelayLine``. A close (EOF or error) travels like data:
/// the other side is closed once everything read before it has been delivered. The relay drives partitions
/// through ``stall()``, ``resume()`` and ``reset()``.
package final class LinkDelayHandler: ChannelDuplexHandler {
    package typealias InboundIn = ByteBuffer
    package typealias OutboundIn = ByteBuffer
    package typealias OutboundOut = ByteBuffer

    private enum Chunk {
        case bytes(ByteBuffer)
        case close
    }

    private let configuration: Configuration
    private let deliveredBytes: ByteCounter
    private let logger: Logger
    private var generator: any RandomNumberGenerator
    private var line: DelayLine<Chunk>
    private var context: ChannelHandlerContext?
    private var eventLoop: (any EventLoop)?
    private var sink: (any Channel)?
    private var timer: Scheduled<Void>?
    private var readPending = false
    private var isReset = false

    /// - Parameters:
    ///   - deliveredBytes: counts the bytes this direction has delivered, for status.
    ///   - generator: draws each chunk's jitter; inject a seeded one in tests.
    package init(
        configuration: Configuration,
        deliveredBytes: ByteCounter = ByteCounter(),
        logger: Logger,
        generator: any RandomNumberGenerator = SystemRandomNumberGenerator()
    ) {
        self.configuration = configuration
        self.deliveredBytes = deliveredBytes
        self.logger = logger
        self.generator = generator
        self.line = DelayLine(maxInFlightBytes: configuration.maxInFlightBytes)
    }

    /// Bytes read and not yet written to the other side.
    package var inFlightBytes: Int { self.line.inFlightBytes }

    /// Whether the handler holds back reads from its channel.
    package var isReadingPaused: Bool { self.line.isReadingPaused }

    package func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.eventLoop = context.eventLoop
    }

    package func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.isReset else { return }
        let buffer = Self.unwrapInboundIn(data)
        self.enqueue(.bytes(buffer), bytes: buffer.readableBytes, now: context.eventLoop.now)
    }

    package func channelInactive(context: ChannelHandlerContext) {
        if !self.isReset { self.enqueue(.close, bytes: 0, now: context.eventLoop.now) }
        context.fireChannelInactive()
    }

    package func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.logger.debug("Relayed connection failed", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    package func read(context: ChannelHandlerContext) {
        if self.line.isReadingPaused {
            self.readPending = true
        } else {
            context.read()
        }
    }

    /// Sets the channel delivered bytes go to, on this handler's event loop; due chunks wait until then.
    package func attach(sink: any Channel) {
        self.sink = sink
        self.deliverDue()
    }

    /// Holds everything read until ``resume()``; reading stops once the in-flight bound is reached.
    package func stall() {
        self.line.stall()
        self.timer?.cancel()
        self.timer = nil
    }

    /// Delivers what the stall held, in order, and carries on.
    package func resume() {
        self.line.resume()
        self.deliverDue()
    }

    /// Drops everything queued and closes this handler's channel with a TCP RST.
    package func reset() {
        self.isReset = true
        self.timer?.cancel()
        self.timer = nil
        self.line.discardAll()
        self.context?.channel.closeWithReset()
    }

    private func enqueue(_ chunk: Chunk, bytes: Int, now: NIODeadline) {
        var delay = TimeAmount(self.configuration.oneWayDelay)
        let jitter = TimeAmount(self.configuration.jitter).nanoseconds
        if jitter > 0 { delay = delay + .nanoseconds(Int64.random(in: 0...jitter, using: &self.generator)) }
        _ = self.line.enqueue(chunk, bytes: bytes, arrivedAt: now, delay: delay)
        self.scheduleNext()
    }

    private func scheduleNext() {
        guard self.timer == nil, let deadline = self.line.nextDeadline, let loop = self.eventLoop else { return }
        self.timer = loop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.timer = nil
            self.deliverDue()
        }
    }

    /// Writes every due chunk to the sink, flushes once, and schedules the next.
    private func deliverDue() {
        guard let sink = self.sink, !self.isReset else { return }
        let now = sink.eventLoop.now
        var wrote = false
        while let entry = self.line.dequeueDue(now: now) {
            switch entry.element {
            case .bytes(let buffer):
                let promise = sink.eventLoop.makePromise(of: Void.self)
                promise.futureResult.assumeIsolated().whenComplete { result in
                    if case .success = result { self.deliveredBytes.add(entry.bytes) }
                    self.written(bytes: entry.bytes)
                }
                sink.write(buffer, promise: promise)
                wrote = true
            case .close:
                // The empty write completes after every earlier one, so nothing queued is cut off.
                sink.writeAndFlush(ByteBuffer()).whenComplete { _ in sink.close(promise: nil) }
            }
        }
        if wrote { sink.flush() }
        self.scheduleNext()
    }

    private func written(bytes: Int) {
        guard self.line.written(bytes: bytes), self.readPending, let context = self.context else { return }
        self.readPending = false
        context.read()
    }
}

@available(*, unavailable)
extension LinkDelayHandler: Sendable {}
