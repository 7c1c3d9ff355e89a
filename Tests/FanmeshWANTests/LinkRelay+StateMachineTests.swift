import FanmeshWAN
import Testing

@Suite("LinkRelay.StateMachine: partition and heal")
struct LinkRelayStateMachineTests {
    typealias Machine = LinkRelay.StateMachine

    @Test("An up link forwards new connections")
    func upForwards() {
        let machine = Machine()
        #expect(machine.state == .up)
        #expect(machine.connectionAccepted() == .forward(stalled: false))
    }

    @Test("A stall stalls open connections and new ones; heal resumes them")
    func stallThenHeal() {
        var machine = Machine()
        #expect(machine.partition(.stall) == .stallConnections)
        #expect(machine.state == .partitioned(.stall))
        #expect(machine.connectionAccepted() == .forward(stalled: true))
        #expect(machine.heal() == .resumeConnections)
        #expect(machine.state == .up)
        #expect(machine.connectionAccepted() == .forward(stalled: false))
    }

    @Test("A reset closes open connections and refuses new ones until heal")
    func resetThenHeal() {
        var machine = Machine()
        #expect(machine.partition(.reset) == .resetConnections)
        #expect(machine.connectionAccepted() == .refuse)
        #expect(machine.heal() == .none, "nothing to resume: reset left no connection open")
        #expect(machine.connectionAccepted() == .forward(stalled: false))
    }

    @Test(
        "Partitioning a partitioned link does only what the new mode adds",
        arguments: [
            (PartitionMode.stall, PartitionMode.stall, Machine.PartitionAction.none),
            (.stall, .reset, .resetConnections),
            (.reset, .reset, .none),
            (.reset, .stall, .none),
        ]
    )
    func repartition(first: PartitionMode, second: PartitionMode, expected: Machine.PartitionAction) {
        var machine = Machine()
        _ = machine.partition(first)
        #expect(machine.partition(second) == expected)
        #expect(machine.state == .partitioned(second))
    }

    @Test("After reset then stall, new connections are accepted stalled and heal has nothing to resume but them")
    func resetThenStall() {
        var machine = Machine()
        _ = machine.partition(.reset)
        _ = machine.partition(.stall)
        #expect(machine.connectionAccepted() == .forward(stalled: true))
        #expect(machine.heal() == .resumeConnections)
    }

    @Test("Healing an up link does nothing")
    func healUp() {
        var machine = Machine()
        #expect(machine.heal() == .none)
        #expect(machine.state == .up)
    }
}
