import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOWebSocket

extension ChatClient {
    /// Runs the connection until the calling task is cancelled.
    ///
    /// Connects, rejoins every room you are in (each from the last message delivered, so nothing is delivered
    /// twice and gaps show as ``ChatEvent/gap(room:)``), and after any failure or drop reconnects, waiting
    /// ``Configuration/reconnectInitialDelay`` doubled per failed attempt up to ``Configuration/reconnectMaxDelay``,
    /// part of it random. A node that is full (HTTP 429) or draining (503) is retried the same way.
    ///
    /// Returns when its task is cancelled; calls still waiting then fail with ``ChatClientError/Code/stopped``.
    /// The client keeps its rooms and positions, so it can be run again and resume.
    ///
    /// - Throws: ``ChatClientError`` with code ``ChatClientError/Code/unauthorized`` when the node refuses the
    ///   token (HTTP 401): retrying cannot help, so it stops. ``ChatClientError/Code/invalidURL`` for a URL that
    ///   is not `ws://` or `wss://`, and ``ChatClientError/Code/alreadyRunning`` if it is running already.
    public func run() async throws {
        guard !self.isRunning else {
            throw ChatClientError(code: .alreadyRunning, message: "run() is already running for this client")
        }
        guard let endpoint = ChatEndpoint(self.url) else {
            throw ChatClientError(code: .invalidURL, message: "the chat URL must be ws://HOST[:PORT]/PATH or wss://…")
        }
        self.isRunning = true
        defer { self.isRunning = false }
        var logger = self.logger
        logger[metadataKey: "chat.node"] = "\(endpoint.hostHeader)"
        var backoff = ReconnectBackoff(self.configuration)
        var random = SystemRandomNumberGenerator()
        while !Task.isCancelled {
            switch await self.connect(endpoint, logger: logger) {
            case .ended(let reason, let established):
                if established {
                    backoff.reset()
                    logger.info("Disconnected from the node", metadata: ["chat.reason": "\(reason)"])
                } else {
                    logger.debug("Could not connect to the node", metadata: ["chat.reason": "\(reason)"])
                }
            case .refused(let refusal):
                let error = refusal.error
                guard refusal.isRetryable else {
                    logger.notice("The node refused the token", metadata: ["chat.reason": "\(error.message)"])
                    self.perform(self.session.stopped(error))
                    throw error
                }
                logger.debug("The node refused the connection", metadata: ["chat.reason": "\(error)"])
            }
            guard !Task.isCancelled else { break }
            let delay = backoff.nextDelay(using: &random)
            logger.debug(
                "Reconnecting",
                metadata: ["chat.reconnect.attempt": "\(backoff.attempt)", "chat.reconnect.delay": "\(delay)"]
            )
            guard (try? await Task.sleep(for: delay)) != nil else { break }
        }
        self.perform(self.session.stopped(ChatClientError(code: .stopped, message: "the client stopped running")))
    }

    /// One connection attempt, and the connection until it ends.
    private func connect(_ endpoint: ChatEndpoint, logger: Logger) async -> ConnectionOutcome {
        self.connectionCount += 1
        let generation = self.connectionCount
        var configuration = WebSocketClientConfiguration(
            maxFrameSize: self.configuration.maxFrameBytes,
            closeTimeout: self.configuration.closeTimeout,
            validateUTF8: true
        )
        for header in self.requestHeaders {
            if let name = HTTPField.Name(header.name) {
                configuration.additionalHeaders[name] = header.value
            }
        }
        let client = WebSocketClient(url: self.url, configuration: configuration, logger: logger) { input, output, _ in
            try await self.serve(generation: generation, inbound: input, outbound: output)
        }
        var reason: DisconnectReason
        do {
            if let close = try await client.run() {
                reason = .closed(code: Int(UInt16(webSocketErrorCode: close.closeCode)), reason: close.reason)
            } else {
                reason = .failed("the connection closed")
            }
        } catch is PingTimeout {
            reason = .pingTimeout
        } catch let error as WebSocketClientError where error == .webSocketUpgradeFailed {
            if let refusal = try? await UpgradeRefusalProbe.probe(
                endpoint,
                headers: self.requestHeaders,
                timeout: self.configuration.ackTimeout
            ) {
                return .refused(refusal)
            }
            reason = .failed("the node declined the WebSocket upgrade")
        } catch {
            reason = .failed("\(error)")
        }
        let established = self.connection?.generation == generation
        if established {
            self.connection?.writer.finish()
            self.connection = nil
            self.perform(self.session.disconnected(reason))
        }
        return .ended(reason, established: established)
    }

    /// The headers of the upgrade request beyond the WebSocket ones.
    private nonisolated var requestHeaders: [(name: String, value: String)] {
        self.token.map { [("Authorization", "Bearer \($0)")] } ?? []
    }

    /// Runs one upgraded connection: writes queued frames, reads the node's, pings when it is quiet.
    /// Returns when the node closes; throws ``PingTimeout`` when it has gone silent.
    private nonisolated func serve(
        generation: UInt64,
        inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter
    ) async throws {
        let (frames, writer) = AsyncStream.makeStream(
            of: String.self,
            bufferingPolicy: .bufferingOldest(max(self.configuration.maxQueuedOutgoingFrames, 1))
        )
        defer { writer.finish() }
        // Registered before reading, so that the rejoins are the first frames written.
        await self.connectionOpened(generation: generation, writer: writer)
        let maxFrameBytes = self.configuration.maxFrameBytes
        let pingInterval = self.configuration.pingInterval
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await text in frames {
                    try await outbound.write(.text(text))
                }
            }
            group.addTask {
                for try await message in inbound.messages(maxSize: maxFrameBytes) {
                    if case .text(let text) = message {
                        await self.received(text, generation: generation)
                    }
                }
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: pingInterval)
                    guard await self.pingDue(generation: generation) else { throw PingTimeout() }
                }
            }
            // The first of the three to end ends the connection.
            _ = try await group.next()
            group.cancelAll()
        }
    }

    private func connectionOpened(generation: UInt64, writer: AsyncStream<String>.Continuation) {
        self.connection = Connection(generation: generation, writer: writer)
        self.logger.debug("Connected to the node", metadata: ["chat.connection": "\(generation)"])
        self.perform(self.session.connected())
    }

    private func received(_ text: String, generation: UInt64) {
        guard self.connection?.generation == generation else { return }
        self.session.heardFromNode()
        let frame: ServerFrameDecoder.Frame
        do {
            frame = try ServerFrameDecoder.decode(text)
        } catch {
            self.logger.debug("Ignored a frame that is not JSON", metadata: ["chat.frame.bytes": "\(text.utf8.count)"])
            return
        }
        for skipped in frame.skipped {
            self.logger.debug(
                "Ignored an object in a frame",
                metadata: ["chat.op": "\(skipped.op ?? "-")", "chat.reason": "\(skipped.reason)"]
            )
        }
        for message in frame.messages {
            self.perform(self.session.received(message))
        }
    }

    /// Returns `false` when the connection has gone silent and must be replaced.
    private func pingDue(generation: UInt64) -> Bool {
        guard self.connection?.generation == generation else { return true }
        switch self.session.pingDue() {
        case .none:
            return true
        case .write(let frame):
            self.perform([.write(frame)])
            return true
        case .closeConnection:
            return false
        }
    }
}
