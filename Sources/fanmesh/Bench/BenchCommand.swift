internal import ArgumentParser
internal import Foundation

/// `fanmesh bench`: the load generator. Each scenario spreads its connections over worker processes (this
/// machine allows 20,000 open files per process) and source addresses 127.0.0.x, prints progress every second,
/// stops by itself within a time bound, and ends with one JSON summary line and a human table.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Load generator: idle connections, room fan-out, acked senders.",
        subcommands: [BenchConnectCommand.self, BenchRoomCommand.self, BenchSendersCommand.self]
    )

    /// Runs `plan` as a worker (when spawned by a parent) or as the parent, then prints the summary.
    static func execute(plan: ScenarioPlan, options: BenchOptions) async throws {
        if options.isWorker {
            try await BenchWorker(options: options, plan: plan).run()
        }
        let arguments = Array(CommandLine.arguments.dropFirst())
        let summary = try await BenchRunner(options: options, plan: plan, arguments: arguments).run()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(summary)
        if let path = options.jsonOut {
            try json.write(to: URL(fileURLWithPath: path))
        }
        print(String(decoding: json, as: UTF8.self))
        print(summary.table)
        if summary.connected == 0 || summary.workersMissing > 0 {
            throw ExitCode(1)
        }
    }
}
