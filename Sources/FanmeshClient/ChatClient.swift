public import Logging

/// A fan's connection to the chat of a Fanmesh node: join rooms, read their messages, post.
///
/// ``run()`` owns the connection: it connects, rejoins every room you are in from the last message it delivered,
/// and reconnects with jittered exponential backoff whenever the connection drops, until its task is cancelled.
/// Everything that happens arrives in order on ``events``; ``join(_:)`` and ``send(_:to:)`` answer their caller
/// as well.
///
/// ```swift
/// let client = ChatClient(url: "ws://127.0.0.1:8080/ws", token: token)
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { try await client.run() }
///     let show = try await client.join("show")
///     print("\(show.count) fans here")
///     _ = try await client.send("hi!", to: "show")
///     for await event in client.events {
///         if case .message(let message) = event { print("\(message.name): \(message.text)") }
///     }
/// }
/// ```
public actor ChatClient {
    /// Everything that happens on the connection, in order: one reader only.
    ///
    /// The stream holds up to ``Configuration/maxBufferedEvents`` events for a slow reader; past that the oldest
    /// are dropped and counted in ``droppedEventCount``. It outlives ``run()``, so a client can be run again (say,
    /// when an app returns to the foreground) and resume where it stopped; it finishes when the client is freed.
    public nonisolated let events: AsyncStream<ChatEvent>

    /// How many events were dropped because ``events`` was full.
    public private(set) var droppedEventCount = 0

    nonisolated let url: String
    nonisolated let token: String?
    nonisolated let configuration: Configuration
    nonisolated let logger: Logger
    private nonisolated let eventSink: AsyncStream<ChatEvent>.Continuation

    var session = Session()
    /// The connection frames are written to, while one is up.
    var connection: Connection?
    var connectionCount: UInt64 = 0
    var isRunning = false
    /// Callers of ``join(_:)`` waiting for the node's answer, by room and then by call.
    private var joinWaiters: [String: [UInt64: CheckedContinuation<JoinedRoom, any Error>]] = [:]
    private var nextJoinWaiter: UInt64 = 0
    /// Callers of ``send(_:to:)`` waiting for an answer, or answers that came before their caller waited.
    private var sendWaiters: [String: SendWaiter] = [:]

    private enum SendWaiter {
        case waiting(CheckedContinuation<SentMessage, any Error>)
        case answered(Result<SentMessage, ChatClientError>)
    }

    /// Creates a client; nothing connects until ``run()``.
    ///
    /// - Parameters:
    ///   - url: The node's chat endpoint, `ws://HOST:PORT/ws` or `wss://HOST/ws`.
    ///   - token: The fan's token (a JWT), sent as `Authorization: Bearer`; `nil` connects anonymously, which a
    ///     region may allow for reading.
    ///   - configuration: Reconnect, ping, timeout and buffer settings.
    ///   - logger: Where the client logs connection changes (at `debug` and `info`; never tokens or texts).
    ///     By default it logs nothing.
    public init(
        url: String,
        token: String?,
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "fanmesh.client", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.url = url
        self.token = token
        self.configuration = configuration
        self.logger = logger
        (self.events, self.eventSink) = AsyncStream.makeStream(
            of: ChatEvent.self,
            bufferingPolicy: .bufferingNewest(max(configuration.maxBufferedEvents, 1))
        )
    }

    deinit {
        self.eventSink.finish()
    }

    /// Joins `room` and returns where it stands, with its latest messages.
    ///
    /// Without a connection the join waits for ``run()`` to connect. Once joined, the client stays in the room
    /// across reconnects until ``leave(_:)``. Joining a room you are in asks only for what you have not seen.
    /// Cancelling the call stops the wait but not the join; call ``leave(_:)`` for that.
    ///
    /// - Throws: ``ChatClientError`` with the node's code (`forbidden` for a room outside the token's rooms,
    ///   `bad_request` for a bad name), ``ChatClientError/Code/left`` if you leave first, or the error that
    ///   stopped ``run()``.
    public func join(_ room: String) async throws -> JoinedRoom {
        try Task.checkCancellation()
        let id = self.nextJoinWaiter
        self.nextJoinWaiter += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                self.joinWaiters[room, default: [:]][id] = continuation
                self.perform(self.session.joinRequested(room))
            }
        } onCancel: {
            Task { await self.joinWaitCancelled(room: room, id: id) }
        }
    }

    /// Posts `text` to `room` and returns once the node has stored it.
    ///
    /// The message also arrives as a ``ChatEvent/message(_:)`` like everyone else's. If the connection drops
    /// before the node answers, the call fails with ``ChatClientError/Code/connectionLost`` and the message is
    /// **not** sent again: the node may or may not have stored it, and a resend could post it twice.
    ///
    /// - Throws: ``ChatClientError`` with the node's code (`rate_limited`, `too_long`, `slow_mode`, `forbidden`,
    ///   `bad_request`, `unavailable`, `internal`) and message; ``ChatClientError/Code/ackTimeout`` after
    ///   ``Configuration/ackTimeout``; ``ChatClientError/Code/notConnected`` while there is no connection;
    ///   ``ChatClientError/Code/notJoined`` for a room not joined.
    public func send(_ text: String, to room: String) async throws -> SentMessage {
        try Task.checkCancellation()
        let nonce: String
        switch self.session.sendRequested(text, to: room) {
        case .fail(let error):
            throw error
        case .write(let frame, let frameNonce):
            nonce = frameNonce
            let encoded = frame.encoded()
            if encoded.utf8.count > self.configuration.maxFrameBytes {
                let error = ChatClientError(
                    code: .tooLong,
                    message:
                        "the message is over the client's frame limit of \(self.configuration.maxFrameBytes) bytes",
                    room: room,
                    nonce: nonce
                )
                self.perform(self.session.sendAbandoned(nonce: nonce, error))
            } else if let error = self.write(encoded) {
                self.perform(self.session.sendAbandoned(nonce: nonce, error))
            }
        }
        return try await self.answer(to: nonce)
    }

    /// Leaves `room`: its events stop, and a ``join(_:)`` still waiting for it fails.
    public func leave(_ room: String) {
        self.perform(self.session.leaveRequested(room))
    }

    /// Waits for the answer to the send with `nonce`, at most ``Configuration/ackTimeout``.
    private func answer(to nonce: String) async throws -> SentMessage {
        let timeout = self.configuration.ackTimeout
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                await self.sendTimedOut(nonce: nonce)
            }
            defer { group.cancelAll() }
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    if case .answered(let result) = self.sendWaiters.removeValue(forKey: nonce) {
                        continuation.resume(with: result.mapError { $0 })
                    } else {
                        self.sendWaiters[nonce] = .waiting(continuation)
                    }
                }
            } onCancel: {
                Task { await self.sendCancelled(nonce: nonce) }
            }
        }
    }

    private func sendTimedOut(nonce: String) {
        let error = ChatClientError(
            code: .ackTimeout,
            message: "the node did not acknowledge the message in time; it may or may not be stored",
            nonce: nonce
        )
        self.perform(self.session.sendAbandoned(nonce: nonce, error))
    }

    private func sendCancelled(nonce: String) {
        _ = self.session.sendAbandoned(nonce: nonce, ChatClientError(code: .stopped, message: "cancelled"))
        if case .waiting(let continuation) = self.sendWaiters.removeValue(forKey: nonce) {
            continuation.resume(throwing: CancellationError())
        }
    }

    private func joinWaitCancelled(room: String, id: UInt64) {
        guard let continuation = self.joinWaiters[room]?.removeValue(forKey: id) else { return }
        if self.joinWaiters[room]?.isEmpty == true {
            self.joinWaiters[room] = nil
        }
        continuation.resume(throwing: CancellationError())
    }

    /// Carries out what the session decided.
    func perform(_ actions: [Session.Action]) {
        for action in actions {
            switch action {
            case .write(let frame):
                if let error = self.write(frame.encoded()) {
                    self.logger.debug("Could not queue a frame", metadata: ["error.message": "\(error.message)"])
                }
            case .emit(let event):
                self.emit(event)
            case .completeJoin(let room, let result):
                for continuation in (self.joinWaiters.removeValue(forKey: room) ?? [:]).values {
                    continuation.resume(with: result.mapError { $0 })
                }
            case .completeSend(let nonce, let result):
                if case .waiting(let continuation) = self.sendWaiters.removeValue(forKey: nonce) {
                    continuation.resume(with: result.mapError { $0 })
                } else {
                    // Answered before its caller started waiting; the caller picks it up right after.
                    self.sendWaiters[nonce] = .answered(result)
                }
            }
        }
    }

    /// Queues `text` on the current connection, or says why it could not.
    private func write(_ text: String) -> ChatClientError? {
        guard let connection = self.connection else {
            return ChatClientError(code: .notConnected, message: "not connected to the node")
        }
        switch connection.writer.yield(text) {
        case .enqueued:
            return nil
        case .dropped:
            return ChatClientError(code: .unavailable, message: "too many frames waiting to be written to the node")
        case .terminated:
            return ChatClientError(code: .connectionLost, message: "the connection is closing")
        @unknown default:
            return ChatClientError(code: .connectionLost, message: "the connection is closing")
        }
    }

    private func emit(_ event: ChatEvent) {
        if case .dropped = self.eventSink.yield(event) {
            self.droppedEventCount += 1
            if self.droppedEventCount == 1 {
                self.logger.warning(
                    "Events are being dropped: nothing reads them fast enough",
                    metadata: ["chat.client.max_buffered_events": "\(self.configuration.maxBufferedEvents)"]
                )
            }
        }
    }
}
