extension ChatClient {
    /// How a ``ChatClient`` connects, reconnects and buffers. `Configuration()` works for the demo mesh; change
    /// a property to tune it.
    public struct Configuration: Sendable {
        /// The wait before the first reconnect after a connection drops or fails. Default 250 ms.
        public var reconnectInitialDelay: Duration = .milliseconds(250)
        /// The longest wait between reconnects; each failed attempt doubles the wait up to this. Default 10 s.
        public var reconnectMaxDelay: Duration = .seconds(10)
        /// The share of each reconnect wait that is random, from 0 (none) to 1: with 0.5 a wait of 4 s becomes
        /// between 2 and 4 s, so that thousands of fans dropped by one node don't all come back at once.
        /// Default 0.5.
        public var reconnectJitter: Double = 0.5
        /// How often the client sends `ping` on a quiet connection; if nothing at all arrives from the node
        /// within one interval after a ping, the connection is taken as dead and replaced. Default 15 s.
        public var pingInterval: Duration = .seconds(15)
        /// How long ``ChatClient/send(_:to:)`` waits for the node's `ack` before failing with
        /// ``ChatClientError/Code/ackTimeout``. Default 10 s.
        public var ackTimeout: Duration = .seconds(10)
        /// How many events ``ChatClient/events`` holds for a slow reader; when full, the oldest is dropped and
        /// counted in ``ChatClient/droppedEventCount``. Default 10,000.
        public var maxBufferedEvents = 10_000
        /// How many frames may wait to be written to the node; a send beyond that fails with
        /// ``ChatClientError/Code/unavailable`` instead of queueing without bound. Default 1,000.
        public var maxQueuedOutgoingFrames = 1_000
        /// The largest WebSocket message, in bytes, the client reads or writes. A rejoin replays up to the node's
        /// history window in one `joined`, so this is generous. Default 16 MiB.
        public var maxFrameBytes = 16 << 20
        /// How long closing a connection waits for the node's close frame. Default 2 s.
        public var closeTimeout: Duration = .seconds(2)

        public init() {}
    }
}
