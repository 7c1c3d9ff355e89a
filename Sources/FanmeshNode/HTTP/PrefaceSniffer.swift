internal import NIOCore

/// Decides from a connection's first bytes whether it speaks HTTP/2 with prior knowledge or HTTP/1.1.
///
/// An h2c client starts with the 24-byte connection preface `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`; any other first
/// bytes are HTTP/1.1 (including WebSocket upgrades). The decision is final as soon as the bytes seen so far stop
/// matching the preface, so an HTTP/1.1 request is usually classified on its first byte.
internal struct PrefaceSniffer: Sendable {
    /// What the bytes seen so far say.
    enum Decision: Sendable, Equatable {
        case needMoreBytes
        case http2
        case http1
    }

    static let http2Preface: [UInt8] = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    private var matched = 0

    init() {}

    /// Feeds the next bytes of the connection; `bytes` are not consumed.
    mutating func receive(_ bytes: ByteBuffer) -> Decision {
        let preface = Self.http2Preface
        for byte in bytes.readableBytesView {
            guard self.matched < preface.count else { break }
            guard byte == preface[self.matched] else { return .http1 }
            self.matched += 1
        }
        return self.matched == preface.count ? .http2 : .needMoreBytes
    }
}
