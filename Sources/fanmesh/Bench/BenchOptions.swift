internal import ArgumentParser

/// Options every bench scenario shares: the server, the client's shape, and the hidden worker flags the parent
/// passes to the processes it spawns.
struct BenchOptions: ParsableArguments {
    @Option(
        help:
            "The server's WebSocket URL: ws://HOST:PORT/ws (Fanmesh), ws://HOST:PORT (NATS), ws://HOST:PORT/sub/ (nchan: the room is appended)."
    )
    var url: String = "ws://127.0.0.1:8080/ws"

    @Option(name: .customLong("protocol"), help: "The server's protocol: fanmesh, nats or nchan.")
    var wire: BenchProtocol = .fanmesh

    @Option(help: "The chat token every connection presents (Fanmesh).")
    var token: String?

    @Option(help: "A topology file; with --key-from-topology, tokens are minted with its auth.hs256_key.")
    var topology: String?

    @Flag(
        name: .customLong("key-from-topology"),
        help: "Mint a token per sender (moderator, so unlimited) and one for fans."
    )
    var keyFromTopology = false

    @Option(help: "The room fans join (the NATS subject, the nchan channel).")
    var room: String = "bench"

    @Option(
        name: .customLong("publish-url"),
        help: "nchan: where senders POST, http://HOST:PORT/pub/ (the room is appended)."
    )
    var publishURL: String?

    @Option(
        name: .customLong("server-pid"),
        help: "The server's process ids, comma-separated (default: whoever listens on the URL's port)."
    )
    var serverPIDs: String?

    @Option(help: "Source addresses to spread connections over: 127.0.0.<first-address> and up.")
    var addresses: Int = 8

    @Option(name: .customLong("first-address"), help: "The last octet of the first source address.")
    var firstAddress: Int = 2

    @Option(
        name: .customLong("connections-per-worker"),
        help: "Connections per worker process (this machine allows 20,000 files per process)."
    )
    var connectionsPerWorker: Int = 8_000

    @Option(help: "Event-loop threads per worker process.")
    var threads: Int = 1

    @Option(name: .customLong("max-in-flight"), help: "Connects a worker has under way at once, at most.")
    var maxInFlight: Int = 500

    @Option(
        name: .customLong("time-limit"),
        help: "Seconds after which the run stops whatever happens (default: derived from the scenario)."
    )
    var timeLimit: Int?

    @Option(name: .customLong("json-out"), help: "Also write the JSON summary to this file.")
    var jsonOut: String?

    @Flag(name: .customLong("worker"), help: .hidden)
    var isWorker = false

    @Option(name: .customLong("worker-index"), help: .hidden)
    var workerIndex: Int = 0

    @Option(name: .customLong("worker-count"), help: .hidden)
    var workerCount: Int = 1

    func validate() throws {
        guard let target = BenchTarget(url: self.url) else {
            throw ValidationError("--url must look like ws://HOST:PORT/PATH, got \(self.url)")
        }
        _ = target
        guard (1...250).contains(self.addresses), (1...254).contains(self.firstAddress),
            self.firstAddress + self.addresses <= 256
        else { throw ValidationError("--first-address and --addresses must stay within 127.0.0.1–127.0.0.255") }
        guard self.connectionsPerWorker >= 1, self.connectionsPerWorker <= 18_000 else {
            throw ValidationError("--connections-per-worker must be 1–18,000 (20,000 files per process)")
        }
        guard self.threads >= 1, self.maxInFlight >= 1 else {
            throw ValidationError("--threads and --max-in-flight must be at least 1")
        }
        if self.wire == .nchan, self.publishURL.flatMap(BenchTarget.init(url:)) == nil {
            throw ValidationError("nchan needs --publish-url http://HOST:PORT/pub/")
        }
        if self.keyFromTopology, self.topology == nil {
            throw ValidationError("--key-from-topology needs --topology FILE")
        }
    }

    var target: BenchTarget { BenchTarget(url: self.url)! }

    /// The processes whose memory and CPU the report shows.
    var serverProbe: ServerProbe {
        if let serverPIDs {
            return ServerProbe(pids: serverPIDs.split(separator: ",").compactMap { Int32($0) })
        }
        return ServerProbe(pids: ServerProbe.pids(listeningOn: self.target.port))
    }
}
