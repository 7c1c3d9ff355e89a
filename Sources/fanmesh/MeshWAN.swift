internal import FanmeshCore
internal import FanmeshWAN
internal import Logging
internal import NIOPosix

/// What `mesh up` runs around its nodes: the WAN emulator (a relay per linked node pair) and, when the topology
/// has an `admin` address, the admin server that `fanmesh wan …` talks to.
///
/// The admin API has no authentication yet (the security issue adds an admin token): keep `admin` on loopback.
struct MeshWAN: Sendable {
    let emulator: WANEmulator
    let admin: WANAdminServer?

    /// Starts the relays, then the admin server.
    static func start(topology: Topology) async throws(MeshSupervisor.Failure) -> MeshWAN {
        let group = MultiThreadedEventLoopGroup.singleton
        let logger = Logger(label: "fanmesh.wan")
        let emulator: WANEmulator
        do {
            emulator = try await WANEmulator.start(topology: topology, group: group, logger: logger)
        } catch {
            throw MeshSupervisor.Failure(description: "cannot start the WAN emulator: \(error)")
        }
        guard let address = topology.admin else { return MeshWAN(emulator: emulator, admin: nil) }
        do {
            let admin = try await WANAdminServer.start(
                address: address,
                emulator: emulator,
                group: group,
                logger: logger
            )
            return MeshWAN(emulator: emulator, admin: admin)
        } catch {
            await emulator.close()
            throw MeshSupervisor.Failure(
                description: "cannot listen on the admin address \(address) (is another mesh running?): \(error)"
            )
        }
    }

    /// `--dial-via ACCEPTOR=HOST:PORT` for every relay `nodeID` dials through, in a stable order.
    func arguments(for nodeID: String) -> [String] {
        self.emulator.dialOverrides(for: nodeID).sorted { $0.key < $1.key }.flatMap { peer, address in
            ["--dial-via", "\(peer)=\(address)"]
        }
    }

    /// The emulated links and the admin address, for the startup table.
    func describe(output: LinePrefixer) {
        for link in self.emulator.status() {
            let relays = link.relays.map { "\($0.dialer) -> \($0.listen) -> \($0.acceptor)" }
            output.say(
                "link \(link.a) <-> \(link.b)  rtt \(LinkStatus.milliseconds(link.rttMilliseconds)) ms  "
                    + "jitter \(LinkStatus.milliseconds(link.jitterMilliseconds)) ms  "
                    + "via \(relays.joined(separator: ", "))"
            )
        }
        if let admin = self.admin {
            output.say("wan admin http://\(admin.address)/wan/status   (fanmesh wan status|partition|heal)")
        }
    }

    func close() async {
        await self.admin?.close()
        await self.emulator.close()
    }
}
