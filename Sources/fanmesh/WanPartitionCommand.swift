internal import ArgumentParser
internal import FanmeshWAN

struct WanPartitionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partition",
        abstract: "Cut the emulated link between regions A and B.",
        discussion: """
            stall: nothing crosses, connections stay open and continue in order on heal. reset: every connection \
            is reset and new ones are refused until heal.
            """
    )

    @Argument(help: "One region of the link.")
    var a: String

    @Argument(help: "The other region.")
    var b: String

    @Option(help: "stall or reset.")
    var mode: PartitionMode = .stall

    @OptionGroup var options: WanOptions

    func run() async throws {
        let client = try WANAdminClient(topologyPath: self.options.topology)
        try client.checkLink(self.a, self.b)
        let link = try await client.send(
            "POST",
            "/wan/partition?a=\(self.a)&b=\(self.b)&mode=\(self.mode.rawValue)",
            as: WANAdminAPI.LinkBody.self
        ).link
        print("partitioned \(link.a) <-> \(link.b) (\(self.mode.rawValue))")
        print(link.textLine)
    }
}
