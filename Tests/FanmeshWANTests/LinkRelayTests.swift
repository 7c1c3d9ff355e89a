import FanmeshCore
import FanmeshWAN
import NIOCore
import Testing

/// A real relay in front of an echo server on loopback. The bounds asserted are what an emulator must do (a round
/// trip is never shorter than the emulated RTT), not how fast it is.
@Suite("LinkRelay in front of an echo server")
struct LinkRelayTests {
    @Test("A round trip through a 100 ms link takes at least 100 ms and echoes the bytes")
    func roundTripTakesTheRTT() async throws {
        let echo = try await EchoServer.start()
        let relay = try await LinkRelay.start(to: echo.address, rtt: .milliseconds(100))
        let client = try await TestClient.connect(to: relay.address)
        let started = ContinuousClock.now
        try await client.send(Array("ping".utf8))
        #expect(await client.waitForBytes(4))
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(100), "took \(elapsed)")
        #expect(String(buffer: client.received) == "ping")
        #expect(relay.snapshot.connections == 1)
        #expect(relay.snapshot.forwardBytes == 4)
        #expect(relay.snapshot.backwardBytes == 4)
        await client.close()
        await relay.close()
        await echo.close()
    }

    @Test("Many chunks arrive intact and in order", arguments: [Duration.zero, .milliseconds(20)])
    func manyChunksInOrder(jitter: Duration) async throws {
        let echo = try await EchoServer.start()
        let relay = try await LinkRelay.start(to: echo.address, rtt: .milliseconds(40), jitter: jitter)
        let client = try await TestClient.connect(to: relay.address)
        var sent = 0
        for index in 0..<300 {
            let size = 1 + (index * 7_919) % 4_000
            try await client.send(patternBytes(size, from: sent))
            sent += size
            if index % 10 == 0 { try await Task.sleep(for: .milliseconds(1)) }
        }
        #expect(await client.waitForBytes(sent))
        #expect(Array(client.received.readableBytesView) == patternBytes(sent))
        await client.close()
        await relay.close()
        await echo.close()
    }

    @Test("A stalled link delivers nothing; heal delivers everything in order")
    func stallThenHeal() async throws {
        let echo = try await EchoServer.start()
        let relay = try await LinkRelay.start(to: echo.address, rtt: .milliseconds(20))
        let client = try await TestClient.connect(to: relay.address)
        try await client.send(patternBytes(1_000))
        #expect(await client.waitForBytes(1_000))
        relay.partition(.stall)
        #expect(relay.snapshot.state == .partitioned(.stall))
        try await client.send(patternBytes(50_000, from: 1_000))
        try await Task.sleep(for: .milliseconds(300))
        #expect(client.received.readableBytes == 1_000, "nothing crosses a stalled link")
        relay.heal()
        #expect(await client.waitForBytes(51_000))
        #expect(Array(client.received.readableBytesView) == patternBytes(51_000))
        #expect(client.channel.isActive)
        await client.close()
        await relay.close()
        await echo.close()
    }

    @Test("A stalled link accepts new connections but carries nothing until heal")
    func newConnectionWhileStalled() async throws {
        let echo = try await EchoServer.start()
        let relay = try await LinkRelay.start(to: echo.address, rtt: .milliseconds(20))
        relay.partition(.stall)
        let client = try await TestClient.connect(to: relay.address)
        try await client.send(Array("held".utf8))
        try await Task.sleep(for: .milliseconds(200))
        #expect(client.received.readableBytes == 0)
        relay.heal()
        #expect(await client.waitForBytes(4))
        #expect(String(buffer: client.received) == "held")
        await client.close()
        await relay.close()
        await echo.close()
    }

    @Test("A dialer that closes during a stall is closed at the far end after heal, and forgotten")
    func closeDuringStallTravelsOnHeal() async throws {
        let echo = try await EchoServer.start()
        let relay = try await LinkRelay.start(to: echo.address, rtt: .milliseconds(20))
        relay.partition(.stall)
        let client = try await TestClient.connect(to: relay.address)
        #expect(await echo.waitForOpenConnections(1))
        try await client.send(Array("bye".utf8))
        await client.close()
        try await Task.sleep(for: .milliseconds(100))
        #expect(echo.open.count == 1, "the close waits behind the stall, like the bytes")
        #expect(relay.snapshot.connections == 1)
        relay.heal()
        #expect(await echo.waitForOpenConnections(0))
        #expect(relay.snapshot.connections == 0)
        await relay.close()
        await echo.close()
    }

    @Test("A reset closes the link's connections and refuses new ones until healed")
    func resetThenHeal() async throws {
        let echo = try await EchoServer.start()
        let relay = try await LinkRelay.start(to: echo.address, rtt: .milliseconds(20))
        let client = try await TestClient.connect(to: relay.address)
        try await client.send(Array("hi".utf8))
        #expect(await client.waitForBytes(2))

        relay.partition(.reset)
        #expect(await client.waitForClose())
        #expect(relay.snapshot.connections == 0)

        // The relay still accepts at the TCP level (it owns the port) but resets at once.
        let refused = try? await TestClient.connect(to: relay.address)
        if let refused {
            try? await refused.send(Array("nope".utf8))
            #expect(await refused.waitForClose())
            #expect(refused.received.readableBytes == 0)
        }

        relay.heal()
        let again = try await TestClient.connect(to: relay.address)
        try await again.send(Array("back".utf8))
        #expect(await again.waitForBytes(4))
        #expect(String(buffer: again.received) == "back")
        await again.close()
        await relay.close()
        await echo.close()
    }

    @Test("A connection to an unreachable target is closed")
    func unreachableTarget() async throws {
        let echo = try await EchoServer.start()
        let target = echo.address
        await echo.close()
        let relay = try await LinkRelay.start(to: target, rtt: .milliseconds(10))
        let client = try await TestClient.connect(to: relay.address)
        #expect(await client.waitForClose())
        await relay.close()
    }
}
