/// What a scenario asks of the client as a whole; each worker takes its ``WorkerShare``.
struct ScenarioPlan: Sendable {
    enum Kind: String, Codable, Sendable {
        case connect, room, senders
    }

    var kind: Kind
    /// Connections that only receive.
    var fans: Int
    /// Connections that post (and, on WebSocket protocols, receive too).
    var senders: Int
    /// Messages per second from all senders together; nil is closed-loop (each sender waits for its ack).
    var sendRate: Double?
    /// New connections per second across all workers.
    var connectRate: Double
    /// Seconds to hold the fans (connect) or to send (room, senders).
    var seconds: Int
    /// Seconds to keep counting after senders stop, for messages still in flight.
    var drainSeconds: Int = 0
    /// Size of each posted text in bytes (the send time plus padding).
    var messageBytes: Int = 32
    /// Each sender posts to a room of its own (`<room>-<n>`), so the log is measured without fan-out.
    var roomPerSender = false

    var connections: Int { self.fans + self.senders }

    /// Text appended after `t<nanoseconds>` to make each message `messageBytes` long.
    var padding: String { String(repeating: "x", count: max(0, self.messageBytes - 20)) }

    /// Seconds after which the whole run is stopped whatever happens.
    var defaultTimeLimit: Int {
        Int(Double(self.connections) / self.connectRate * 2) + self.seconds + self.drainSeconds + 90
    }
}

/// One worker's part of a plan: its fans, its senders, and their global numbers (which pick source addresses).
///
/// When a plan has both fans and senders, the senders get worker processes of their own, so their timers and
/// acks are not queued behind thousands of fans' deliveries on a busy loop.
struct WorkerShare: Sendable {
    var fanRange: Range<Int>
    var senderIndices: [Int]
    var connectRate: Double
    var sendIntervalPerSender: Duration?

    init(plan: ScenarioPlan, index: Int, perWorker: Int) {
        let layout = Self.layout(plan: plan, perWorker: perWorker)
        if layout.senderWorkers == 0 {
            self.fanRange = Self.split(plan.fans, into: layout.fanWorkers, part: index)
            self.senderIndices = Array(stride(from: index, to: plan.senders, by: layout.fanWorkers))
        } else if index < layout.fanWorkers {
            self.fanRange = Self.split(plan.fans, into: layout.fanWorkers, part: index)
            self.senderIndices = []
        } else {
            self.fanRange = 0..<0
            let part = index - layout.fanWorkers
            self.senderIndices = Array(stride(from: part, to: plan.senders, by: layout.senderWorkers))
        }
        let mine = self.fanRange.count + self.senderIndices.count
        self.connectRate = max(1, plan.connectRate * Double(mine) / Double(max(1, plan.connections)))
        if let rate = plan.sendRate, rate > 0, plan.senders > 0 {
            self.sendIntervalPerSender = .nanoseconds(Int64(1e9 * Double(plan.senders) / rate))
        } else {
            self.sendIntervalPerSender = nil
        }
    }

    /// Worker processes for fans and, when the plan mixes them, for senders, with at most `perWorker` each.
    static func layout(plan: ScenarioPlan, perWorker: Int) -> (fanWorkers: Int, senderWorkers: Int) {
        func workers(_ connections: Int) -> Int { max(1, (connections + perWorker - 1) / perWorker) }
        if plan.fans > 0, plan.senders > 0 {
            return (workers(plan.fans), workers(plan.senders))
        }
        return (workers(plan.connections), 0)
    }

    static func workerCount(plan: ScenarioPlan, perWorker: Int) -> Int {
        let layout = Self.layout(plan: plan, perWorker: perWorker)
        return layout.fanWorkers + layout.senderWorkers
    }

    private static func split(_ total: Int, into parts: Int, part: Int) -> Range<Int> {
        let base = total / parts
        let extra = total % parts
        let start = part * base + min(part, extra)
        return start..<(start + base + (part < extra ? 1 : 0))
    }
}
