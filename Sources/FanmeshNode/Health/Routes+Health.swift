internal import FanmeshCore
internal import Hummingbird
internal import NIOCore

/// `/readyz`'s JSON: whether the node takes traffic and, if not, which check fails and why.
struct ReadinessReport: ResponseEncodable {
    struct Check: Codable {
        var name: String
        var ok: Bool
        var problem: String?
    }

    var ready: Bool
    var node: String
    var region: String
    var version: String
    var checks: [Check]
}

/// `/healthz`'s JSON: the process is alive and answering.
struct LivenessReport: ResponseEncodable {
    var status: String
    var node: String
    var region: String
}

extension RouterMethods {
    /// Liveness, readiness, metrics and the RTT probe target, on every node port that faces operators or clients.
    @discardableResult
    func addHealthRoutes(identity: NodeIdentity, readiness: Readiness, metrics: NodeMetrics?) -> Self {
        self.get("healthz") { _, _ in
            LivenessReport(status: "ok", node: identity.nodeID, region: identity.region)
        }
        self.get("readyz") { _, _ -> EditedResponse<ReadinessReport> in
            let checks = readiness.snapshot
            let report = ReadinessReport(
                ready: checks.allSatisfy { $0.problem == nil },
                node: identity.nodeID,
                region: identity.region,
                version: BuildInfo.version,
                checks: checks.map { .init(name: $0.name, ok: $0.problem == nil, problem: $0.problem) }
            )
            return EditedResponse(status: report.ready ? .ok : .serviceUnavailable, response: report)
        }
        // Clients time this round trip to rank edges, so it is tiny and never cached.
        self.get("ping") { _, _ in
            Response(
                status: .ok,
                headers: [
                    .contentType: "text/plain",
                    .cacheControl: "no-store",
                    .accessControlAllowOrigin: "*",
                ],
                body: .init(byteBuffer: ByteBuffer(string: "pong"))
            )
        }
        if let metrics {
            self.get("metrics") { _, _ in
                Response(
                    status: .ok,
                    headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: metrics.render()))
                )
            }
        }
        return self
    }
}
