package import Metrics

/// The chat's metric handles, made once (swift-metrics; the node exports them as Prometheus text).
package struct ChatMetrics: Sendable {
    package let connections: Meter
    package let messagesIn: Counter
    package let deliveries: Counter
    package let slowConsumerDrops: Counter
    package let refusals: Counter
    package let commitQueueFullRefusals: Counter
    package let commitDuration: Metrics.Timer
    package let commitBatchSize: Recorder

    package init() {
        self.connections = Meter(label: "fanmesh_chat_connections")
        self.messagesIn = Counter(label: "fanmesh_messages_total", dimensions: [("direction", "in")])
        self.deliveries = Counter(label: "fanmesh_messages_total", dimensions: [("direction", "out")])
        self.slowConsumerDrops = Counter(label: "fanmesh_chat_slow_consumer_drops_total")
        self.refusals = Counter(label: "fanmesh_chat_errors_total")
        self.commitQueueFullRefusals = Counter(label: "fanmesh_chat_commit_queue_full_total")
        self.commitDuration = Metrics.Timer(label: "fanmesh_store_commit_duration_seconds")
        self.commitBatchSize = Recorder(label: "fanmesh_chat_commit_batch_messages", aggregate: true)
    }

    func recordCommit(messages: Int, duration: Duration) {
        self.messagesIn.increment(by: messages)
        self.commitDuration.recordNanoseconds(duration.nanoseconds)
        self.commitBatchSize.record(messages)
    }

    func connectionOpened() { self.connections.increment() }
    func connectionClosed() { self.connections.decrement() }
    func delivered(_ count: Int) { self.deliveries.increment(by: count) }
    func slowConsumerDropped() { self.slowConsumerDrops.increment() }
    func refused() { self.refusals.increment() }

    func commitQueueFull() {
        self.commitQueueFullRefusals.increment()
    }
}

extension Duration {
    var milliseconds: Int64 {
        self.components.seconds * 1_000 + self.components.attoseconds / 1_000_000_000_000_000
    }

    var nanoseconds: Int64 {
        self.components.seconds * 1_000_000_000 + self.components.attoseconds / 1_000_000_000
    }
}
