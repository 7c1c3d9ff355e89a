import FanmeshCore
import FanmeshWAN
import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing

@Suite("WANEmulator and its admin API")
struct WANEmulatorTests {
    private func decode<T: Decodable>(_ type: T.Type, _ response: WANAdminAPI.Response) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(response.body.utf8))
    }

    private func start(_ topology: Topology) async throws -> WANEmulator {
        try await WANEmulator.start(
            topology: topology,
            group: MultiThreadedEventLoopGroup.singleton,
            logger: Logger(label: "test")
        )
    }

    @Test("The dialer reaches the acceptor's peer port through its override, and the link shows the traffic")
    func dialOverrideReachesThePeer() async throws {
        let echo = try await EchoServer.start()
        let topology = TopologyFixture.topology(
            ["seoul": ["seoul-1"], "frankfurt": ["frankfurt-1"]],
            links: [Link(between: "seoul", and: "frankfurt", rtt: .milliseconds(60), jitter: .milliseconds(2))],
            peerPorts: ["seoul-1": echo.address.port]
        )
        let emulator = try await self.start(topology)
        #expect(emulator.dialOverrides(for: "seoul-1").isEmpty, "seoul-1 sorts last: it accepts")
        let via = try #require(emulator.dialOverrides(for: "frankfurt-1")["seoul-1"])
        #expect(via.host == "127.0.0.1")

        let client = try await TestClient.connect(to: via)
        let started = ContinuousClock.now
        try await client.send(Array("hello".utf8))
        #expect(await client.waitForBytes(5))
        #expect(ContinuousClock.now - started >= .milliseconds(60))

        let status = try #require(emulator.status().first)
        #expect(status.a == "seoul" && status.b == "frankfurt")
        #expect(status.rttMilliseconds == 60 && status.jitterMilliseconds == 2)
        #expect(status.state == "up" && status.mode == nil)
        #expect(status.connections == 1)
        #expect(status.bytesBToA == 5, "frankfurt-1 dialed seoul-1: frankfurt → seoul is b → a")
        #expect(status.bytesAToB == 5)
        #expect(status.relays.map(\.dialer) == ["frankfurt-1"])
        await client.close()
        await emulator.close()
        await echo.close()
    }

    @Test("Partition and heal through the admin API, regions in either order")
    func partitionAndHeal() async throws {
        let topology = TopologyFixture.topology(
            ["seoul": ["seoul-1"], "frankfurt": ["frankfurt-1"], "saopaulo": ["saopaulo-1"]],
            links: [
                Link(between: "seoul", and: "frankfurt", rtt: .milliseconds(266)),
                Link(between: "frankfurt", and: "saopaulo", rtt: .milliseconds(195)),
            ]
        )
        let emulator = try await self.start(topology)
        let api = WANAdminAPI(emulator: emulator)

        let partitioned = api.respond(method: "POST", uri: "/wan/partition?a=frankfurt&b=seoul&mode=reset")
        #expect(partitioned.status == 200)
        let link = try self.decode(WANAdminAPI.LinkBody.self, partitioned).link
        #expect(link.a == "seoul" && link.state == "partitioned" && link.mode == .reset)

        let status = try self.decode(WANAdminAPI.StatusBody.self, api.respond(method: "GET", uri: "/wan/status"))
        #expect(status.links.map(\.state) == ["partitioned", "up"])

        let stalled = api.respond(method: "POST", uri: "/wan/partition?a=frankfurt&b=saopaulo")
        #expect(try self.decode(WANAdminAPI.LinkBody.self, stalled).link.mode == .stall, "stall is the default")

        let healed = api.respond(method: "POST", uri: "/wan/heal?a=seoul&b=frankfurt")
        #expect(healed.status == 200)
        #expect(try self.decode(WANAdminAPI.LinkBody.self, healed).link.state == "up")
        await emulator.close()
    }

    @Test(
        "The admin API answers bad requests with a code and a reason",
        arguments: [
            ("POST", "/wan/partition?a=seoul&b=mars", 404, "unknown_region"),
            ("POST", "/wan/heal?a=atlantis&b=seoul", 404, "unknown_region"),
            ("POST", "/wan/partition?a=seoul&b=tokyo", 404, "no_link"),
            ("POST", "/wan/partition?a=seoul&b=seoul", 400, "bad_request"),
            ("POST", "/wan/partition?a=seoul&b=frankfurt&mode=explode", 400, "bad_request"),
            ("POST", "/wan/partition?a=seoul", 400, "bad_request"),
            ("GET", "/wan/partition?a=seoul&b=frankfurt", 405, "method_not_allowed"),
            ("POST", "/wan/status", 405, "method_not_allowed"),
            ("GET", "/wan/nothing", 404, "not_found"),
        ]
    )
    func badRequests(method: String, uri: String, status: Int, code: String) async throws {
        let topology = TopologyFixture.topology(
            ["seoul": ["seoul-1"], "frankfurt": ["frankfurt-1"], "tokyo": ["tokyo-1"]],
            links: [Link(between: "seoul", and: "frankfurt", rtt: .milliseconds(266))]
        )
        let emulator = try await self.start(topology)
        let response = WANAdminAPI(emulator: emulator).respond(method: method, uri: uri)
        #expect(response.status == status)
        let body = try self.decode(WANAdminAPI.ErrorBody.self, response)
        #expect(body.error == code)
        #expect(!body.message.isEmpty)
        await emulator.close()
    }

    @Test("A topology without links starts no relay")
    func noLinksNoRelays() async throws {
        let emulator = try await self.start(TopologyFixture.topology(["seoul": ["seoul-1"], "tokyo": ["tokyo-1"]]))
        #expect(emulator.relays.isEmpty)
        #expect(emulator.status().isEmpty)
        #expect(emulator.dialOverrides(for: "seoul-1").isEmpty)
        await emulator.close()
    }
}
