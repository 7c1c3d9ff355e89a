import Testing

@testable import FanmeshWAN

@Suite("LinkRelay.Configuration")
struct LinkRelayConfigurationTests {
    @Test("Every relay setting reaches the delay handlers: half the RTT each way, the jitter, the bound")
    func mapsToTheHandlers() {
        var configuration = LinkRelay.Configuration()
        configuration.rtt = .milliseconds(266)
        configuration.jitter = .milliseconds(4)
        configuration.maxInFlightBytes = 12_345
        let handler = configuration.handlerConfiguration
        #expect(handler.oneWayDelay == .milliseconds(133))
        #expect(handler.jitter == .milliseconds(4))
        #expect(handler.maxInFlightBytes == 12_345)
    }
}
