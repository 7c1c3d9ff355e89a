internal import ArgumentParser
internal import FanmeshWAN
internal import Foundation

struct WanStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show every emulated link: RTT, jitter, state, connections and bytes each way."
    )

    @Flag(help: "Print the admin API's JSON instead of a table.")
    var json = false

    @OptionGroup var options: WanOptions

    func run() async throws {
        let client = try WANAdminClient(topologyPath: self.options.topology)
        let status = try await client.send("GET", "/wan/status", as: WANAdminAPI.StatusBody.self)
        if self.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
        } else if status.links.isEmpty {
            print("no emulated links: the topology has no `links`, so nodes dial their peers directly")
        } else {
            status.links.forEach { print($0.textLine) }
        }
    }
}
