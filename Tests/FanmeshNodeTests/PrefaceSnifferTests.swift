import NIOCore
import Testing

@testable import FanmeshNode

@Suite("Telling h2c from HTTP/1.1 by the first bytes")
struct PrefaceSnifferTests {
    @Test("The full HTTP/2 preface is HTTP/2, at whatever split it arrives")
    func prefaceAtEverySplit() {
        let preface = PrefaceSniffer.http2Preface
        for split in 1..<preface.count {
            var sniffer = PrefaceSniffer()
            #expect(sniffer.receive(ByteBuffer(bytes: preface[..<split])) == .needMoreBytes)
            #expect(sniffer.receive(ByteBuffer(bytes: preface[split...])) == .http2)
        }
    }

    @Test(
        "Anything that stops matching the preface is HTTP/1.1",
        arguments: ["GET /ws HTTP/1.1\r\n", "POST /x HTTP/1.1\r\n", "PUT / HTTP/1.1\r\n", "PRI * HTTP/1.1\r\n", "\r\n"]
    )
    func http1(request: String) {
        var sniffer = PrefaceSniffer()
        #expect(sniffer.receive(ByteBuffer(string: request)) == .http1)
    }

    @Test("A prefix of the preface waits for more bytes")
    func prefixWaits() {
        var sniffer = PrefaceSniffer()
        #expect(sniffer.receive(ByteBuffer(string: "PRI * HTTP/2")) == .needMoreBytes)
    }
}
