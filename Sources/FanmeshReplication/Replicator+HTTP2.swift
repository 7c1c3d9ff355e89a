internal import NIOHTTP2

extension Replicator {
    /// Peer connections' HTTP/2 settings: large stream windows so a catch-up backlog is not throttled by the
    /// default 64 KiB, while flow control still bounds what is in flight.
    var http2Configuration: NIOHTTP2Handler.Configuration {
        var configuration = NIOHTTP2Handler.Configuration()
        let window = self.configuration.streamWindowBytes
        configuration.connection.initialSettings = [
            HTTP2Setting(parameter: .maxConcurrentStreams, value: 16),
            HTTP2Setting(parameter: .initialWindowSize, value: window),
            HTTP2Setting(parameter: .maxFrameSize, value: 1 << 20),
        ]
        configuration.connection.targetWindowSize = window * 2
        configuration.stream.targetWindowSize = window
        return configuration
    }
}
