internal import FanmeshChat
internal import FanmeshCore

/// The headers each bench connection presents: the `--token` for everyone, or tokens minted with the topology's
/// HS256 key (one for this worker's fans, one per sender with `mod: true` so rate limits do not shape the load).
struct BenchCredentials: Sendable {
    var fan: [(String, String)] = []
    var senders: [Int: [(String, String)]] = [:]

    func sender(_ index: Int) -> [(String, String)] {
        self.senders[index] ?? self.fan
    }

    static func make(options: BenchOptions, workerIndex: Int, senders: [Int]) async throws -> BenchCredentials {
        guard options.wire == .fanmesh else { return BenchCredentials() }
        if let token = options.token {
            return BenchCredentials(fan: Self.bearer(token))
        }
        guard options.keyFromTopology, let path = options.topology else { return BenchCredentials() }
        let key = try TopologyFile.load(path).auth.hs256Key
        var credentials = BenchCredentials()
        credentials.fan = Self.bearer(
            try await TokenMinter.mint(hs256Key: key, user: "bench-fan-\(workerIndex)", ttl: .seconds(4 * 3600))
        )
        for index in senders {
            let token = try await TokenMinter.mint(
                hs256Key: key,
                user: "bench-sender-\(index)",
                ttl: .seconds(4 * 3600),
                moderator: true
            )
            credentials.senders[index] = Self.bearer(token)
        }
        return credentials
    }

    private static func bearer(_ token: String) -> [(String, String)] {
        [("Authorization", "Bearer \(token)")]
    }
}
