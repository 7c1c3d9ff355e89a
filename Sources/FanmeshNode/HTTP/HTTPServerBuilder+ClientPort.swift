internal import HummingbirdCore
internal import HummingbirdHTTP2
internal import NIOSSL

extension HTTPServerBuilder {
    /// HTTP/1.1 and HTTP/2 on one port: h2 by TLS ALPN when `tlsConfiguration` is set, h2c prior knowledge otherwise.
    static func clientPort(
        tlsConfiguration: TLSConfiguration?,
        http1Configuration: HTTP1Channel.Configuration = .init(),
        http2Configuration: HTTP2Channel.Configuration = .init()
    ) -> HTTPServerBuilder {
        .init { responder in
            try ClientPortChannel(
                http1: HTTP1Channel(responder: responder, configuration: http1Configuration),
                http2: HTTP2Channel(responder: responder, configuration: http2Configuration),
                tlsConfiguration: tlsConfiguration
            )
        }
    }
}
