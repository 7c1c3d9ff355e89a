internal import HummingbirdCore
internal import HummingbirdHTTP2
internal import Logging
internal import NIOCore
internal import NIOHTTP2
internal import NIOSSL
internal import NIOTLS

/// The child channel of a node's `client` port: HTTP/1.1 (with whatever upgrades `HTTP1` offers) and HTTP/2 on one
/// port.
///
/// Hummingbird's HTTP/2 builders are either-or (`plaintextHTTP2` speaks only h2c, `http2Upgrade` needs TLS), so
/// this composes their building blocks: with TLS, ALPN picks `h2` or `http/1.1`; without it,
/// ``PrefaceSniffingHandler`` tells an h2c prior-knowledge client from an HTTP/1.1 one by its first bytes.
internal struct ClientPortChannel<HTTP1: ServerChildChannel>: ServerChildChannel {
    typealias Negotiated = NIONegotiatedHTTPVersion<HTTP1.Value, HTTP2Channel.Value>

    struct Value: ServerChildChannelValue {
        let negotiated: EventLoopFuture<Negotiated>
        package let channel: any Channel
    }

    private let http1: HTTP1
    private let http2: HTTP2Channel
    private let sslContext: NIOSSLContext?

    /// - Parameter tlsConfiguration: when set, the port speaks TLS and offers `h2` and `http/1.1` by ALPN.
    init(http1: HTTP1, http2: HTTP2Channel, tlsConfiguration: TLSConfiguration?) throws {
        self.http1 = http1
        self.http2 = http2
        if var tlsConfiguration {
            tlsConfiguration.applicationProtocols = NIOHTTP2SupportedALPNProtocols
            self.sslContext = try NIOSSLContext(configuration: tlsConfiguration)
        } else {
            self.sslContext = nil
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let negotiated: EventLoopFuture<Negotiated>
            if let sslContext {
                try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                let alpn = NIOTypedApplicationProtocolNegotiationHandler<Negotiated> { result, channel in
                    switch result {
                    case .negotiated("h2"):
                        return self.setUpHTTP2(channel: channel, logger: logger)
                    case .negotiated("http/1.1"), .fallback:
                        return self.setUpHTTP1(channel: channel, logger: logger)
                    case .negotiated:
                        return channel.close().flatMapThrowing { throw NIOHTTP2Errors.invalidALPNToken() }
                    }
                }
                try channel.pipeline.syncOperations.addHandler(alpn)
                negotiated = alpn.protocolNegotiationResult
            } else {
                let sniffer = PrefaceSniffingHandler<Negotiated> { decision, channel in
                    decision == .http2
                        ? self.setUpHTTP2(channel: channel, logger: logger)
                        : self.setUpHTTP1(channel: channel, logger: logger)
                }
                try channel.pipeline.syncOperations.addHandler(sniffer)
                negotiated = sniffer.result
            }
            return Value(negotiated: negotiated, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.negotiated.get() {
            case .http1_1(let connection):
                await self.http1.handle(value: connection, logger: logger)
            case .http2(let connection):
                await self.http2.handle(value: connection, logger: logger)
            }
        } catch {
            logger.debug("Connection closed before its protocol was known", metadata: ["error": "\(error)"])
        }
    }

    private func setUpHTTP1(channel: any Channel, logger: Logger) -> EventLoopFuture<Negotiated> {
        self.http1.setup(channel: channel, logger: logger).map { .http1_1($0) }
    }

    private func setUpHTTP2(channel: any Channel, logger: Logger) -> EventLoopFuture<Negotiated> {
        self.http2.setup(channel: channel, logger: logger).map { .http2($0) }
    }
}
