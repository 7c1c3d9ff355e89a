import FanmeshCore
import FanmeshWAN
import Testing

@Suite("RelayRoute: which node pairs go through a relay")
struct RelayRouteTests {
    @Test("Each linked pair gets one route, dialed by the node whose id sorts first")
    func dialerSortsFirst() {
        let topology = TopologyFixture.topology(
            ["seoul": ["seoul-1"], "frankfurt": ["frankfurt-1"], "saopaulo": ["saopaulo-1"]],
            links: [
                Link(between: "seoul", and: "frankfurt", rtt: .milliseconds(266)),
                Link(between: "seoul", and: "saopaulo", rtt: .milliseconds(286)),
                Link(between: "frankfurt", and: "saopaulo", rtt: .milliseconds(195)),
            ]
        )
        let pairs = RelayRoute.routes(in: topology).map { "\($0.dialer.id)->\($0.acceptor.id)" }
        #expect(pairs == ["frankfurt-1->seoul-1", "saopaulo-1->seoul-1", "frankfurt-1->saopaulo-1"])
    }

    @Test("Nodes of one region and regions without a link dial directly")
    func sameRegionAndUnlinkedAreDirect() {
        let topology = TopologyFixture.topology(
            ["seoul": ["seoul-1", "seoul-2"], "frankfurt": ["frankfurt-1"], "tokyo": ["tokyo-1"]],
            links: [Link(between: "frankfurt", and: "seoul", rtt: .milliseconds(266))]
        )
        let pairs = RelayRoute.routes(in: topology).map { "\($0.dialer.id)->\($0.acceptor.id)" }
        #expect(pairs == ["frankfurt-1->seoul-1", "frankfurt-1->seoul-2"])
    }

    @Test("A topology without links has no relays: production behaviour")
    func noLinksNoRoutes() {
        let topology = TopologyFixture.topology(["seoul": ["seoul-1"], "frankfurt": ["frankfurt-1"]])
        #expect(RelayRoute.routes(in: topology).isEmpty)
    }
}
