internal import ArgumentParser

/// `fanmesh bench connect`: ramp fans at a rate, hold them idle in a room, report failures and the server's
/// memory per connection.
struct BenchConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Ramp N fans at R/s into a room, hold them S seconds; report failures and server RSS per connection."
    )

    @OptionGroup var options: BenchOptions

    @Option(help: "Fans to connect.")
    var fans: Int = 1_000

    @Option(help: "New connections per second.")
    var rate: Double = 2_000

    @Option(help: "Seconds to hold the fans after the ramp.")
    var hold: Int = 10

    func validate() throws {
        guard self.fans >= 1, self.rate > 0, self.hold >= 0 else {
            throw ValidationError("--fans and --rate must be positive and --hold not negative")
        }
    }

    func run() async throws {
        let plan = ScenarioPlan(kind: .connect, fans: self.fans, senders: 0, connectRate: self.rate, seconds: self.hold)
        try await BenchCommand.execute(plan: plan, options: self.options)
    }
}
