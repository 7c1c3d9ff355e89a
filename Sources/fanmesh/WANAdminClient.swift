internal import ArgumentParser
internal import AsyncHTTPClient
internal import FanmeshCore
internal import FanmeshWAN
internal import Foundation
internal import NIOCore
internal import NIOHTTP1

/// Talks to the admin address of a running `fanmesh mesh up` for the `wan` commands; every failure is printed as
/// one clear line and ends the command with exit status 1.
struct WANAdminClient {
    let topologyPath: String
    let topology: Topology
    let admin: HostAndPort

    init(topologyPath: String) throws {
        self.topologyPath = topologyPath
        self.topology = try TopologyFile.load(topologyPath)
        guard let admin = self.topology.admin else {
            printError(
                "\(topologyPath) has no `admin` address, so `fanmesh mesh up` runs no WAN control for it "
                    + "(add one, e.g. `admin: 127.0.0.1:7700`)"
            )
            throw ExitCode(1)
        }
        self.admin = admin
    }

    /// Refuses unknown regions and pairs without a link before asking the mesh.
    func checkLink(_ a: String, _ b: String) throws {
        do {
            _ = try self.topology.emulatedLink(a, b)
        } catch {
            printError("\(self.topologyPath): \(error.message)")
            throw ExitCode(1)
        }
    }

    /// Sends `method path` and decodes a 200 answer as `T`; anything else is printed and exits 1.
    func send<T: Decodable>(_ method: String, _ path: String, as type: T.Type) async throws -> T {
        var request = HTTPClientRequest(url: "http://\(self.admin)\(path)")
        request.method = HTTPMethod(rawValue: method)
        let status: HTTPResponseStatus
        let body: ByteBuffer
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            status = response.status
            body = try await response.body.collect(upTo: 4 << 20)
        } catch {
            printError(
                "no mesh is running on \(self.admin) (start one with `fanmesh mesh up \(self.topologyPath)`)"
            )
            throw ExitCode(1)
        }
        let data = Data(body.readableBytesView)
        guard status == .ok else {
            let reason = (try? JSONDecoder().decode(WANAdminAPI.ErrorBody.self, from: data))?.message
            printError("mesh at \(self.admin): \(reason ?? "\(status.code) \(String(decoding: data, as: UTF8.self))")")
            throw ExitCode(1)
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            printError("mesh at \(self.admin) answered something else than a WAN status: \(error)")
            throw ExitCode(1)
        }
    }
}
