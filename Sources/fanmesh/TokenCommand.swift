internal import ArgumentParser
internal import FanmeshChat
internal import FanmeshCore

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Mint a chat token signed with the topology's HS256 key.",
        discussion: """
            Prints only the token and a newline, so `TOKEN=$(fanmesh token --topology topology/local.yaml --user mina)` \
            works. Anyone holding the token chats as the user until it expires. Exits 64 on bad arguments and 1 when \
            the topology has problems.
            """
    )

    @Option(help: ArgumentHelp("The topology file whose auth.hs256_key signs the token.", valueName: "file"))
    var topology: String

    @Option(help: ArgumentHelp("The user id, the token's `sub` (1–64 bytes).", valueName: "id"))
    var user: String

    @Option(help: ArgumentHelp("Seconds until the token expires.", valueName: "seconds"))
    var ttl: Int = 3600

    @Flag(help: "Make the user a moderator: exempt from rate limits and slow mode, may set slow mode.")
    var moderator = false

    @Option(help: "The display name shown with the user's messages (default: the user id; at most 64 bytes).")
    var name: String?

    @Option(name: .customLong("room"), help: "A room the user may join; repeat for more. Without it, any room.")
    var rooms: [String] = []

    func validate() throws {
        do {
            try TokenMinter.check(user: self.user, name: self.name, ttl: .seconds(self.ttl), rooms: self.rooms)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() async throws {
        let topology = try TopologyFile.load(self.topology)
        let token: String
        do {
            token = try await TokenMinter.mint(
                hs256Key: topology.auth.hs256Key,
                user: self.user,
                name: self.name,
                ttl: .seconds(self.ttl),
                moderator: self.moderator,
                rooms: self.rooms.isEmpty ? nil : self.rooms
            )
        } catch {
            printError("fanmesh token: \(error)")
            throw ExitCode(1)
        }
        print(token)
    }
}
