internal import Foundation

/// The human table printed after the JSON summary.
extension BenchSummary {
    var table: String {
        var rows: [(String, String)] = [
            ("scenario", "\(self.scenario) against \(self.wire) at \(self.url)"),
            (
                "client",
                "\(self.workers) worker processes\(self.workersMissing > 0 ? ", \(self.workersMissing) missing" : "")"
            ),
            (
                "connections",
                "\(Self.grouped(self.connected)) of \(Self.grouped(self.fans + self.senders)) "
                    + "(failed \(Self.grouped(self.connectFailures)), in room \(Self.grouped(self.joined)), "
                    + "dropped later \(Self.grouped(self.disconnects)))"
            ),
            (
                "ramp",
                "\(Self.fixed(self.rampSeconds, 1)) s; connect p50 \(self.connectLatency.p50Ms) ms, "
                    + "p99 \(self.connectLatency.p99Ms) ms, max \(self.connectLatency.maxMs) ms"
            ),
        ]
        if !self.reasons.isEmpty {
            rows.append(
                (
                    "failure reasons",
                    self.reasons.sorted { $0.value > $1.value }.map { "\($0.key): \($0.value)" }
                        .joined(separator: ", ")
                )
            )
        }
        let server = self.server
        rows.append(("server pids", server.pids.map(String.init).joined(separator: ",")))
        rows.append(
            (
                "server RSS",
                "\(Self.mebibytes(server.residentBytesBefore)) → \(Self.mebibytes(server.residentBytesAfter))"
                    + (server.residentBytesPeak > 0 ? " (peak \(Self.mebibytes(server.residentBytesPeak)))" : "")
            )
        )
        if let perConnection = server.residentBytesPerConnection {
            rows.append(("RSS per connection", "\(Self.fixed(perConnection / 1024, 2)) KiB"))
        }
        if self.scenario != ScenarioPlan.Kind.connect.rawValue {
            rows.append(("window", "\(Self.fixed(self.windowSeconds, 1)) s"))
            rows.append(
                (
                    "sends",
                    "\(Self.grouped(self.sends)) (acks \(Self.grouped(self.acks)), errors \(Self.grouped(self.sendErrors)))"
                )
            )
            rows.append(("acked sends/s", Self.grouped(Int(self.acksPerSecond))))
            if self.ackLatency.count > 0 {
                rows.append(("ack latency", Self.latency(self.ackLatency)))
            }
            rows.append(
                (
                    "deliveries",
                    "\(Self.grouped(self.deliveries))"
                        + (self.deliveredShare.map {
                            " (\(Self.fixed($0 * 100, 3)) % of \(Self.grouped(self.expectedDeliveries)))"
                        } ?? "")
                )
            )
            rows.append(
                (
                    "deliveries/s",
                    "\(Self.grouped(Int(self.deliveriesPerSecond))) sustained over "
                        + "\(Self.fixed(self.deliverySeconds, 1)) s (offered \(Self.grouped(Int(self.offeredDeliveriesPerSecond))), "
                        + "in window \(Self.grouped(Int(self.windowDeliveriesPerSecond))))"
                )
            )
            if self.deliveryLatency.count > 0 {
                rows.append(("delivery latency", Self.latency(self.deliveryLatency)))
            }
            if let cpu = server.cpuSeconds {
                rows.append(
                    (
                        "server CPU",
                        "\(Self.fixed(cpu, 2)) s"
                            + (server.cpuMicrosecondsPerDelivery.map { ", \(Self.fixed($0, 3)) µs per delivery" } ?? "")
                            + (server.cpuMicrosecondsPerAck.map { ", \(Self.fixed($0, 2)) µs per acked send" } ?? "")
                    )
                )
            }
            rows.append(
                (
                    "client CPU",
                    "\(Self.fixed(self.client.cpuSeconds, 2)) s"
                        + (self.client.cpuMicrosecondsPerDelivery.map { ", \(Self.fixed($0, 3)) µs per delivery" } ?? "")
                )
            )
        }
        if self.malformedFrames > 0 { rows.append(("malformed frames", Self.grouped(self.malformedFrames))) }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
            .joined(separator: "\n")
    }

    private static func latency(_ summary: LatencySummary) -> String {
        "p50 \(summary.p50Ms) ms, p99 \(summary.p99Ms) ms, p99.9 \(summary.p999Ms) ms, max \(summary.maxMs) ms "
            + "(\(Self.grouped(summary.count)) samples)"
    }

    private static func mebibytes(_ bytes: Int) -> String {
        "\(Self.fixed(Double(bytes) / 1_048_576, 1)) MiB"
    }

    static func fixed(_ value: Double, _ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return "\(rounded)"
    }

    static func grouped(_ value: Int) -> String { ProgressPrinter.grouped(value) }
}
