internal import ArgumentParser
internal import FanmeshWAN

struct WanHealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heal",
        abstract: "Restore the emulated link between regions A and B: held bytes continue in order."
    )

    @Argument(help: "One region of the link.")
    var a: String

    @Argument(help: "The other region.")
    var b: String

    @OptionGroup var options: WanOptions

    func run() async throws {
        let client = try WANAdminClient(topologyPath: self.options.topology)
        try client.checkLink(self.a, self.b)
        let link = try await client.send("POST", "/wan/heal?a=\(self.a)&b=\(self.b)", as: WANAdminAPI.LinkBody.self)
            .link
        print("healed \(link.a) <-> \(link.b)")
        print(link.textLine)
    }
}
