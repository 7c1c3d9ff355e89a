/// What one event loop, one worker or the whole run counted. Plain sums, so merging is adding.
struct BenchCounters: Codable, Sendable {
    var connectAttempts = 0
    var connected = 0
    var connectFailures = 0
    /// Connections the server confirmed in the room (`joined`; NATS: the PONG after SUB; nchan: the upgrade).
    var joined = 0
    /// Connections that ended while the run still wanted them.
    var disconnects = 0
    var closedByServer = 0
    /// Messages received by fans: `msg` objects, NATS `MSG`s, nchan frames.
    var deliveries = 0
    var frames = 0
    var bytes = 0
    var sends = 0
    /// `ack`s (Fanmesh) or 2xx answers to a publish (nchan); NATS has none.
    var acks = 0
    var sendErrors = 0
    /// Frames that did not parse as the protocol says.
    var malformed = 0
    /// Why connects failed or connections ended, counted by reason.
    var reasons: [String: Int] = [:]

    mutating func add(_ other: BenchCounters) {
        self.connectAttempts += other.connectAttempts
        self.connected += other.connected
        self.connectFailures += other.connectFailures
        self.joined += other.joined
        self.disconnects += other.disconnects
        self.closedByServer += other.closedByServer
        self.deliveries += other.deliveries
        self.frames += other.frames
        self.bytes += other.bytes
        self.sends += other.sends
        self.acks += other.acks
        self.sendErrors += other.sendErrors
        self.malformed += other.malformed
        self.reasons.merge(other.reasons, uniquingKeysWith: +)
    }

    /// `self` minus an earlier reading of the same counters (reasons are kept whole).
    func since(_ earlier: BenchCounters) -> BenchCounters {
        var delta = self
        delta.connectAttempts -= earlier.connectAttempts
        delta.connected -= earlier.connected
        delta.connectFailures -= earlier.connectFailures
        delta.joined -= earlier.joined
        delta.disconnects -= earlier.disconnects
        delta.closedByServer -= earlier.closedByServer
        delta.deliveries -= earlier.deliveries
        delta.frames -= earlier.frames
        delta.bytes -= earlier.bytes
        delta.sends -= earlier.sends
        delta.acks -= earlier.acks
        delta.sendErrors -= earlier.sendErrors
        delta.malformed -= earlier.malformed
        return delta
    }

    mutating func count(reason: String) {
        self.reasons[reason, default: 0] += 1
    }
}
