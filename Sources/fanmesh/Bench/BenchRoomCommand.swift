internal import ArgumentParser

/// `fanmesh bench room`: fans in one room, senders posting at a total rate; post-to-receive latency, deliveries/s
/// and server CPU per delivery.
struct BenchRoomCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "room",
        abstract: "N fans in one room, K senders posting M messages/s in all: deliveries/s, latency, CPU per delivery."
    )

    @OptionGroup var options: BenchOptions

    @Option(help: "Fans in the room (receivers only).")
    var fans: Int = 1_000

    @Option(help: "Senders (they are in the room too, and receive).")
    var senders: Int = 10

    @Option(help: "Messages per second from all senders together.")
    var rate: Double = 100

    @Option(help: "Seconds of sending.")
    var duration: Int = 10

    @Option(help: "Seconds to keep counting after the senders stop.")
    var drain: Int = 3

    @Option(name: .customLong("connect-rate"), help: "New connections per second while filling the room.")
    var connectRate: Double = 3_000

    @Option(name: .customLong("message-bytes"), help: "Size of each message's text.")
    var messageBytes: Int = 32

    func validate() throws {
        guard self.fans >= 0, self.senders >= 1, self.rate > 0, self.duration >= 1, self.drain >= 0,
            self.connectRate > 0, (20...2_048).contains(self.messageBytes)
        else {
            throw ValidationError("need --senders ≥ 1, positive --rate and --duration, --message-bytes 20–2048")
        }
    }

    func run() async throws {
        let plan = ScenarioPlan(
            kind: .room,
            fans: self.fans,
            senders: self.senders,
            sendRate: self.rate,
            connectRate: self.connectRate,
            seconds: self.duration,
            drainSeconds: self.drain,
            messageBytes: self.messageBytes
        )
        try await BenchCommand.execute(plan: plan, options: self.options)
    }
}
