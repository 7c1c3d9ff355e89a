internal import NIOCore

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

extension Channel {
    /// Closes the connection with a TCP RST (SO_LINGER 0) rather than a FIN, as a crashed or cut-off peer
    /// would; channels that are not sockets (tests' `EmbeddedChannel`) just close.
    func closeWithReset() {
        guard let socket = self as? any SocketOptionProvider else {
            self.close(promise: nil)
            return
        }
        socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in
            self.close(promise: nil)
        }
    }
}

/// Refuses a connection: resets it as soon as it is active (the relay accepted it while partitioned with reset).
final class ConnectionResetHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        context.channel.closeWithReset()
    }
}

@available(*, unavailable)
extension ConnectionResetHandler: Sendable {}
