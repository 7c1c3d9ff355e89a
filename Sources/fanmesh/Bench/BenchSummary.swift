/// The one JSON summary a bench run prints, merged from every worker.
struct BenchSummary: Codable, Sendable {
    struct Server: Codable, Sendable {
        var pids: [Int32] = []
        var residentBytesBefore = 0
        var residentBytesAfter = 0
        var residentBytesPeak = 0
        /// (after − before) ÷ connections held.
        var residentBytesPerConnection: Double?
        /// User plus system CPU over the sending window and its drain.
        var cpuSeconds: Double?
        var cpuMicrosecondsPerDelivery: Double?
        /// Server CPU per acked send (the senders scenario).
        var cpuMicrosecondsPerAck: Double?
    }

    /// The client's own CPU (all workers), to show how much of the machine the load generator took.
    struct Client: Codable, Sendable {
        var cpuSeconds = 0.0
        var cpuMicrosecondsPerDelivery: Double?
    }

    var scenario: String
    var wire: String
    var url: String
    var fans: Int
    var senders: Int
    var sendRate: Double?
    var connectRate: Double
    var seconds: Int
    var messageBytes: Int
    var workers = 0
    var workersMissing = 0
    var rampSeconds = 0.0
    var windowSeconds = 0.0
    var connectAttempts = 0
    var connected = 0
    var connectFailures = 0
    var joined = 0
    var disconnects = 0
    var closedByServer = 0
    var reasons: [String: Int] = [:]
    var sends = 0
    var acks = 0
    var sendErrors = 0
    var acksPerSecond = 0.0
    var deliveries = 0
    /// Deliveries from `start` until the last one arrived, over that time: what the server and client sustained.
    var deliveriesPerSecond = 0.0
    /// Deliveries counted between `start` and `stop`, over the window.
    var windowDeliveriesPerSecond = 0.0
    /// Messages taken per second times the fans in the room: what the senders asked for.
    var offeredDeliveriesPerSecond = 0.0
    /// Seconds from `start` to the last delivery.
    var deliverySeconds = 0.0
    /// Messages the server took (acks, or sends where it gives none) times the connections in the room.
    var expectedDeliveries = 0
    /// deliveries ÷ expectedDeliveries, counting from `start` to the end of the drain.
    var deliveredShare: Double?
    var malformedFrames = 0
    var deliveryLatency = LatencySummary()
    var ackLatency = LatencySummary()
    var connectLatency = LatencySummary()
    var server = Server()
    var client = Client()

    init(plan: ScenarioPlan, options: BenchOptions, serverPIDs: [Int32]) {
        self.scenario = plan.kind.rawValue
        self.wire = options.wire.rawValue
        self.url = options.url
        self.fans = plan.fans
        self.senders = plan.senders
        self.sendRate = plan.sendRate
        self.connectRate = plan.connectRate
        self.seconds = plan.seconds
        self.messageBytes = plan.messageBytes
        self.server.pids = serverPIDs
    }

    mutating func merge(_ results: [WorkerResult], workersMissing: Int) {
        self.workers = results.count + workersMissing
        self.workersMissing = workersMissing
        var total = BenchCounters()
        var window = BenchCounters()
        var afterStart = BenchCounters()
        var delivery = LatencyRecorder()
        var ack = LatencyRecorder()
        var connect = LatencyRecorder()
        var firstStart = UInt64.max
        var lastDelivery: UInt64 = 0
        for result in results {
            self.client.cpuSeconds += result.cpuSeconds
            if result.startNanoseconds > 0 { firstStart = min(firstStart, result.startNanoseconds) }
            lastDelivery = max(lastDelivery, result.lastDeliveryNanoseconds)
            total.add(result.total)
            window.add(result.window)
            afterStart.add(result.afterStart)
            delivery.add(result.delivery)
            ack.add(result.ack)
            connect.add(result.connect)
        }
        self.connectAttempts = total.connectAttempts
        self.connected = total.connected
        self.connectFailures = total.connectFailures
        self.joined = total.joined
        self.disconnects = total.disconnects
        self.closedByServer = total.closedByServer
        self.reasons = total.reasons
        self.malformedFrames = total.malformed
        self.deliveryLatency = delivery.summary
        self.ackLatency = ack.summary
        self.connectLatency = connect.summary

        let held = total.connected - total.disconnects
        if held > 0 {
            let grown = Double(self.server.residentBytesAfter - self.server.residentBytesBefore)
            self.server.residentBytesPerConnection = (grown / Double(held)).rounded()
        }
        guard self.scenario != ScenarioPlan.Kind.connect.rawValue else {
            self.deliveries = total.deliveries
            return
        }
        self.sends = afterStart.sends
        self.acks = afterStart.acks
        self.sendErrors = afterStart.sendErrors
        self.deliveries = afterStart.deliveries
        let published = self.wire == BenchProtocol.nats.rawValue ? afterStart.sends : afterStart.acks
        if self.windowSeconds > 0 {
            self.acksPerSecond = (Double(window.acks) / self.windowSeconds).rounded()
            self.windowDeliveriesPerSecond = (Double(window.deliveries) / self.windowSeconds).rounded()
            let publishedInWindow = self.wire == BenchProtocol.nats.rawValue ? window.sends : window.acks
            self.offeredDeliveriesPerSecond = (Double(publishedInWindow * total.joined) / self.windowSeconds).rounded()
        }
        if firstStart != .max, lastDelivery > firstStart {
            self.deliverySeconds = Double(lastDelivery - firstStart) / 1e9
            self.deliveriesPerSecond = (Double(afterStart.deliveries) / self.deliverySeconds).rounded()
        }
        if self.deliveries > 0 {
            self.client.cpuMicrosecondsPerDelivery =
                (self.client.cpuSeconds / Double(self.deliveries) * 1e9).rounded() / 1e3
        }
        if self.scenario == ScenarioPlan.Kind.room.rawValue {
            self.expectedDeliveries = published * total.joined
            if self.expectedDeliveries > 0 {
                self.deliveredShare = (Double(self.deliveries) / Double(self.expectedDeliveries) * 1e6).rounded() / 1e6
            }
        }
        if let cpu = self.server.cpuSeconds {
            if self.scenario == ScenarioPlan.Kind.senders.rawValue, self.acks > 0 {
                self.server.cpuMicrosecondsPerAck = (cpu / Double(self.acks) * 1e9).rounded() / 1e3
            } else if self.deliveries > 0 {
                self.server.cpuMicrosecondsPerDelivery = (cpu / Double(self.deliveries) * 1e9).rounded() / 1e3
            }
        }
    }
}
