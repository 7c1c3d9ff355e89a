import NIOCore
import Testing

@testable import FanmeshClient

@Suite("Chat URLs")
struct ChatEndpointTests {
    @Test(
        "ws and wss URLs are taken apart into host, port and request target",
        arguments: [
            ("ws://127.0.0.1:8080/ws", false, "127.0.0.1", 8080, "/ws", "127.0.0.1:8080"),
            ("wss://chat.example.com/ws", true, "chat.example.com", 443, "/ws", "chat.example.com"),
            ("ws://example.com", false, "example.com", 80, "/", "example.com"),
            ("ws://example.com?token=x", false, "example.com", 80, "/?token=x", "example.com"),
            ("ws://[::1]:9000/ws?a=1#frag", false, "::1", 9000, "/ws?a=1", "[::1]:9000"),
        ]
    )
    func parses(url: String, tls: Bool, host: String, port: Int, target: String, hostHeader: String) throws {
        let endpoint = try #require(ChatEndpoint(url))
        #expect(endpoint.usesTLS == tls)
        #expect(endpoint.host == host)
        #expect(endpoint.port == port)
        #expect(endpoint.target == target)
        #expect(endpoint.hostHeader == hostHeader)
    }

    @Test(
        "Anything but a ws or wss URL with a host and a valid port is refused",
        arguments: [
            "http://example.com/ws", "example.com/ws", "ws:///ws", "ws://host:0/ws", "ws://host:70000/ws",
            "ws://host:port/ws", "ws://user:pass@host/ws", "ws://[::1/ws",
        ]
    )
    func refuses(url: String) {
        #expect(ChatEndpoint(url) == nil)
    }

    @Test("IP literals are recognised so TLS does not send them as a server name")
    func ipLiterals() throws {
        #expect(try #require(ChatEndpoint("wss://10.0.0.1/ws")).hostIsIPAddress)
        #expect(try #require(ChatEndpoint("wss://[::1]/ws")).hostIsIPAddress)
        #expect(try #require(ChatEndpoint("wss://chat.example.com/ws")).hostIsIPAddress == false)
    }

    @Test("A refused upgrade maps 401 to unauthorized, which is not retried, and keeps the node's message")
    func refusalMapping() {
        let refusal = UpgradeRefusalProbe.refusal(
            status: 401,
            body: .init(string: #"{"error":"unauthorized","message":"token expired"}"#)
        )
        #expect(refusal.error.code == .unauthorized)
        #expect(refusal.error.message == "token expired")
        #expect(refusal.isRetryable == false)
        let full = UpgradeRefusalProbe.refusal(status: 429, body: .init(string: #"{"error":"too_many_connections"}"#))
        #expect(full.error.code.rawValue == "too_many_connections")
        #expect(full.isRetryable)
        #expect(UpgradeRefusalProbe.refusal(status: 503, body: .init(string: "not json")).error.code == .unavailable)
    }
}
