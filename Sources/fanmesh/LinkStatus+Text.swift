internal import FanmeshCore
internal import FanmeshWAN

extension LinkStatus {
    /// One line for `wan status`: `seoul <-> frankfurt  rtt 266 ms  jitter 4 ms  up  connections 1
    /// seoul->frankfurt 12.0 KiB  frankfurt->seoul 3 B` (on one line).
    var textLine: String {
        let state = self.mode.map { "partitioned (\($0.rawValue))" } ?? self.state
        return [
            "\(self.a) <-> \(self.b)",
            "rtt \(Self.milliseconds(self.rttMilliseconds)) ms",
            "jitter \(Self.milliseconds(self.jitterMilliseconds)) ms",
            state,
            "connections \(self.connections)",
            "\(self.a)->\(self.b) \(Self.bytes(self.bytesAToB))",
            "\(self.b)->\(self.a) \(Self.bytes(self.bytesBToA))",
        ].joined(separator: "  ")
    }

    /// `266` for whole milliseconds, `0.5` otherwise.
    static func milliseconds(_ milliseconds: Double) -> String {
        milliseconds.rounded() == milliseconds ? "\(Int(milliseconds))" : "\(milliseconds)"
    }

    private static func bytes(_ count: Int) -> String {
        for (unit, size) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where count >= size {
            let value = Double(count) / Double(size)
            return "\((value * 10).rounded() / 10) \(unit)"
        }
        return "\(count) B"
    }
}
