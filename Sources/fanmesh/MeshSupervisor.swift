internal import AsyncHTTPClient
internal import FanmeshCore
internal import Foundation
internal import NIOCore
internal import NIOHTTP1
internal import NIOSSL
internal import ServiceLifecycle
internal import Synchronization

/// Runs every node of a topology as a child process of `mesh up`: starts them, waits for each `/readyz`, prints
/// where they listen, and stops them all on graceful shutdown.
///
/// A node that exits on its own ends the mesh with ``Failure`` after the others are stopped.
struct MeshSupervisor: Service {
    struct Configuration: Sendable {
        var logLevel: String
        var dataRoot: String?
        var readyTimeout: Duration
        var stopTimeout: Duration
    }

    /// Why the mesh ended other than by being asked to.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let topology: Topology
    let configuration: Configuration

    func run() async throws {
        let nodes = self.topology.nodes
        let output = LinePrefixer(sources: nodes.map(\.id))
        let (exits, exitContinuation) = AsyncStream.makeStream(
            of: ChildNode.Exit.self,
            bufferingPolicy: .bufferingNewest(nodes.count)
        )
        let exitLog = ExitLog()
        let stopping = StopFlag()
        var started: [ChildNode] = []
        let executable = Self.ownExecutable()
        let topologyPath = self.topology.sourceFile
        // The relays must listen before the nodes start, since each dialer is told its relay's port.
        let wan = try await MeshWAN.start(topology: self.topology)
        for node in nodes {
            do {
                started.append(
                    try ChildNode(
                        nodeID: node.id,
                        executable: executable,
                        arguments: self.arguments(for: node, topologyPath: topologyPath) + wan.arguments(for: node.id),
                        output: output,
                        onExit: { exit in
                            exitLog.record(exit)
                            exitContinuation.yield(exit)
                        }
                    )
                )
            } catch {
                started.forEach { $0.forceStop() }
                await wan.close()
                throw Failure(description: "cannot start node \(node.id) from \(executable): \(error)")
            }
        }
        let children = started
        output.say("started \(children.count) nodes from \(topologyPath)")

        let failure: Failure? = await withGracefulShutdownHandler {
            var exitIterator = exits.makeAsyncIterator()
            if let notReady = await self.waitUntilReady(nodes: nodes, exits: exitLog, stopping: stopping) {
                output.say("\(notReady); stopping the mesh")
                children.forEach { $0.requestStop() }
                await self.collect(children: children, exits: &exitIterator, log: exitLog, output: output)
                return notReady
            }
            if !stopping.isSet {
                output.say("all \(nodes.count) nodes are ready")
                self.printTable(nodes: nodes, output: output)
                wan.describe(output: output)
            }
            let recorded = exitLog.first
            guard let first = recorded != nil ? recorded : await exitIterator.next() else { return nil }
            if stopping.isSet {
                await self.collect(children: children, exits: &exitIterator, log: exitLog, output: output)
                return nil
            }
            output.say("\(first); stopping the mesh")
            children.forEach { $0.requestStop() }
            await self.collect(children: children, exits: &exitIterator, log: exitLog, output: output)
            return Failure(description: "\(first) (its log is above, behind its id)")
        } onGracefulShutdown: {
            stopping.set()
            output.say("stopping \(children.count) nodes")
            children.forEach { $0.requestStop() }
        }
        await wan.close()
        if let failure { throw failure }
        output.say("all nodes stopped")
    }

    /// Polls every node's `/readyz` until all answer 200; returns why not if a node exits or time runs out, and
    /// nil at once when the mesh is asked to stop.
    private func waitUntilReady(nodes: [NodeSpec], exits: ExitLog, stopping: StopFlag) async -> Failure? {
        let client = self.makeHTTPClient()
        let failure = await self.pollReadiness(nodes: nodes, exits: exits, stopping: stopping, client: client)
        try? await client.shutdown()
        return failure
    }

    private func pollReadiness(
        nodes: [NodeSpec],
        exits: ExitLog,
        stopping: StopFlag,
        client: HTTPClient
    ) async -> Failure? {
        let deadline = ContinuousClock.now + self.configuration.readyTimeout
        var pending = nodes
        var lastProblem: [String: String] = [:]
        while !pending.isEmpty, !stopping.isSet {
            if let exit = exits.first {
                return Failure(description: "\(exit) before it was ready (its log is above)")
            }
            if ContinuousClock.now > deadline {
                let waiting = pending.map { "\($0.id) (\(lastProblem[$0.id] ?? "no answer"))" }
                return Failure(
                    description: "not ready within \(self.configuration.readyTimeout): "
                        + waiting.joined(separator: ", ")
                )
            }
            var stillPending: [NodeSpec] = []
            for node in pending {
                switch await self.probeReady(node: node, client: client) {
                case .ready: break
                case .notReady(let problem):
                    lastProblem[node.id] = problem
                    stillPending.append(node)
                }
            }
            pending = stillPending
            if !pending.isEmpty { try? await Task.sleep(for: .milliseconds(200)) }
        }
        return nil
    }

    private enum Probe { case ready, notReady(String) }

    private func probeReady(node: NodeSpec, client: HTTPClient) async -> Probe {
        do {
            let request = HTTPClientRequest(url: "\(self.baseURL(node))/readyz")
            let response = try await client.execute(request, timeout: .seconds(2))
            let body = try await response.body.collect(upTo: 64 * 1024)
            if response.status == .ok { return .ready }
            return .notReady("\(response.status.code) \(String(buffer: body))")
        } catch {
            return .notReady("\(error)")
        }
    }

    /// Waits until every child has exited, killing those that outlast the stop timeout.
    private func collect(
        children: [ChildNode],
        exits: inout AsyncStream<ChildNode.Exit>.Iterator,
        log: ExitLog,
        output: LinePrefixer
    ) async {
        let killer = Task {
            try await Task.sleep(for: self.configuration.stopTimeout)
            for child in children where child.isRunning {
                output.say("\(child.nodeID) did not stop within \(self.configuration.stopTimeout); killing it")
                child.forceStop()
            }
        }
        defer { killer.cancel() }
        // The log holds every exit, including those already taken from the stream; the stream only wakes us.
        while log.all.count < children.count {
            guard await exits.next() != nil else { break }
        }
        for exit in log.all where exit.status != 0 || exit.killedBySignal {
            output.say("\(exit)")
        }
    }

    private func printTable(nodes: [NodeSpec], output: LinePrefixer) {
        let idWidth = max(4, nodes.map(\.id.count).max() ?? 0)
        let regionWidth = max(6, nodes.map(\.region.count).max() ?? 0)
        func pad(_ text: String, _ width: Int) -> String {
            text.padding(toLength: width, withPad: " ", startingAt: 0)
        }
        output.say("\(pad("node", idWidth))  \(pad("region", regionWidth))  client (fans)                 peer")
        for node in nodes {
            let base = self.baseURL(node)
            output.say(
                "\(pad(node.id, idWidth))  \(pad(node.region, regionWidth))  \(pad(base, 28))  \(node.peer)"
            )
        }
        for node in nodes {
            let base = self.baseURL(node)
            let chat = base.replacingOccurrences(of: "http", with: "ws", options: .anchored) + "/ws"
            output.say("\(pad(node.id, idWidth))  chat \(chat)   history \(base)/api/rooms/ROOM/history")
            output.say("\(pad(node.id, idWidth))  health \(base)/healthz   metrics \(base)/metrics")
        }
    }

    private func arguments(for node: NodeSpec, topologyPath: String) -> [String] {
        var arguments = ["node", "--topology", topologyPath, "--node", node.id, "--log-level", self.configuration.logLevel]
        if let dataRoot = self.configuration.dataRoot {
            arguments += ["--data-dir", URL(fileURLWithPath: dataRoot).appendingPathComponent(node.id).path]
        }
        return arguments
    }

    private func baseURL(_ node: NodeSpec) -> String {
        let scheme = self.topology.tls == nil ? "http" : "https"
        return "\(scheme)://\(node.client)"
    }

    private func makeHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        if let tls = self.topology.tls {
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            tlsConfiguration.trustRoots = .file(tls.caFile)
            tlsConfiguration.certificateVerification = .noHostnameVerification
            configuration.tlsConfiguration = tlsConfiguration
        }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// This very executable, so children run the same build.
    private static func ownExecutable() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }
}

/// The children that have exited so far, readable without consuming the exit stream.
final class ExitLog: Sendable {
    private let exits = Mutex<[ChildNode.Exit]>([])

    func record(_ exit: ChildNode.Exit) {
        self.exits.withLock { $0.append(exit) }
    }

    var first: ChildNode.Exit? {
        self.exits.withLock { $0.first }
    }

    var all: [ChildNode.Exit] {
        self.exits.withLock { $0 }
    }
}

/// Set once when the mesh is asked to stop.
final class StopFlag: Sendable {
    private let value = Mutex(false)

    func set() {
        self.value.withLock { $0 = true }
    }

    var isSet: Bool {
        self.value.withLock { $0 }
    }
}
