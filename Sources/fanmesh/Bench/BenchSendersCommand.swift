internal import ArgumentParser

/// `fanmesh bench senders`: closed-loop acked sends (each sender posts again when its ack arrives), each sender in a
/// room of its own so the origin log is measured without fan-out.
struct BenchSendersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "senders",
        abstract: "K closed-loop senders, each waiting for its ack before the next send: acked sends/s, ack latency."
    )

    @OptionGroup var options: BenchOptions

    @Option(help: "Senders.")
    var senders: Int = 1_000

    @Option(help: "Seconds of sending.")
    var duration: Int = 10

    @Option(help: "Seconds to wait for the last acks after the senders stop.")
    var drain: Int = 2

    @Option(name: .customLong("connect-rate"), help: "New connections per second.")
    var connectRate: Double = 2_000

    @Option(name: .customLong("message-bytes"), help: "Size of each message's text.")
    var messageBytes: Int = 32

    @Flag(name: .customLong("shared-room"), help: "All senders post to one room instead of a room each.")
    var sharedRoom = false

    func validate() throws {
        guard self.senders >= 1, self.duration >= 1, self.drain >= 0, self.connectRate > 0,
            (20...2_048).contains(self.messageBytes)
        else { throw ValidationError("need --senders ≥ 1, --duration ≥ 1, --message-bytes 20–2048") }
        guard self.options.wire == .fanmesh else {
            throw ValidationError("senders measures acked sends, which only the fanmesh protocol has")
        }
    }

    func run() async throws {
        var plan = ScenarioPlan(
            kind: .senders,
            fans: 0,
            senders: self.senders,
            sendRate: nil,
            connectRate: self.connectRate,
            seconds: self.duration,
            drainSeconds: self.drain,
            messageBytes: self.messageBytes
        )
        plan.roomPerSender = !self.sharedRoom
        try await BenchCommand.execute(plan: plan, options: self.options)
    }
}
