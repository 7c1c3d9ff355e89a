import FanmeshCore
import Testing

@Suite("HostAndPort parsing")
struct HostAndPortTests {
    static let good: [(String, String, Int)] = [
        ("127.0.0.1:7101", "127.0.0.1", 7101),
        ("0.0.0.0:1", "0.0.0.0", 1),
        ("255.255.255.255:65535", "255.255.255.255", 65535),
        ("localhost:8080", "localhost", 8080),
        ("seoul-1.edge.example.net:443", "seoul-1.edge.example.net", 443),
        ("EDGE.Example.NET:7443", "EDGE.Example.NET", 7443),
        ("a1.b2:80", "a1.b2", 80),
        ("[::1]:7101", "::1", 7101),
        ("[::]:80", "::", 80),
        ("[2001:db8::8a2e:370:7334]:443", "2001:db8::8a2e:370:7334", 443),
        ("[2001:0db8:0000:0000:0000:ff00:0042:8329]:443", "2001:0db8:0000:0000:0000:ff00:0042:8329", 443),
        ("[::ffff:192.0.2.1]:443", "::ffff:192.0.2.1", 443),
        ("[fe80::]:9", "fe80::", 9),
    ]

    static let bad: [String] = [
        "", "localhost", "127.0.0.1", ":7101", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:99999999",
        "127.0.0.1:+80", "127.0.0.1:-1", "127.0.0.1:80a", "127.0.0.1: 80", " 127.0.0.1:80", "256.0.0.1:80",
        "1.2.3:80", "1.2.3.4.5:80", "01234.1.1.1:80", "::1:80", "[::1]80", "[::1:80", "[1::2::3]:80",
        "[12345::1]:80", "[g::1]:80", "[1:2:3:4:5:6:7:8:9]:80", "[1:2:3:4:5:6:7]:80", "[fe80::1%eth0]:80",
        "-edge.example.net:80", "edge-.example.net:80", "edge..example.net:80", "edge_1.example.net:80",
        "edge.example.net.:80", "http://edge:80", "edge example:80", "[]:80", "127.0.0.1:７１０１",
    ]

    @Test("A good address parses into host and port", arguments: good)
    func parsesGood(_ text: String, _ host: String, _ port: Int) {
        #expect(HostAndPort(parsing: text) == HostAndPort(host: host, port: port))
    }

    @Test("A good address's description parses back to the same address", arguments: good)
    func roundTrips(_ text: String, _ host: String, _ port: Int) throws {
        let address = try #require(HostAndPort(parsing: text))
        #expect(address.description == text)
        #expect(HostAndPort(parsing: address.description) == address)
    }

    @Test("A bad address does not parse", arguments: bad)
    func rejectsBad(_ text: String) {
        #expect(HostAndPort(parsing: text) == nil)
    }
}
