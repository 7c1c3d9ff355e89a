internal import ArgumentParser

/// The server a bench talks to, and so the wire protocol of its fans and senders.
enum BenchProtocol: String, CaseIterable, Codable, Sendable, ExpressibleByArgument {
    /// A Fanmesh node: JSON ops over `/ws` (`join`, `send` → `ack`, `msg`).
    case fanmesh
    /// nats-server with `websocket {}` on: the NATS text protocol (CONNECT, SUB, PUB → MSG) in binary frames.
    case nats
    /// nginx with nchan: WebSocket subscribers on `<url><room>`, messages published by HTTP POST.
    case nchan

    /// Whether the server confirms each send (Fanmesh `ack`, nchan's HTTP answer).
    var acknowledgesSends: Bool { self != .nats }
}
