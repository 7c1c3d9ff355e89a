import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A node that refuses every upgrade with `status` and a JSON reason, as a Fanmesh node refuses a bad token
/// (401), a full address (429) or while draining (503). It counts the requests it answered.
actor RefusingNode {
    private(set) var requests = 0
    private var waiters: [Int: (count: Int, continuation: CheckedContinuation<Void, Never>)] = [:]
    private var nextWaiter = 0

    private func answered() {
        self.requests += 1
        for (id, waiter) in self.waiters where waiter.count <= self.requests {
            self.waiters[id] = nil
            waiter.continuation.resume()
        }
    }

    /// Waits until at least `count` requests were answered, or the task is cancelled.
    func waitForRequests(_ count: Int) async {
        self.nextWaiter += 1
        let id = self.nextWaiter
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if self.requests >= count || Task.isCancelled {
                    continuation.resume()
                } else {
                    self.waiters[id] = (count, continuation)
                }
            }
        } onCancel: {
            Task { await self.resumeWaiter(id) }
        }
    }

    private func resumeWaiter(_ id: Int) {
        self.waiters.removeValue(forKey: id)?.continuation.resume()
    }

    /// Runs a plain HTTP/1.1 server answering `GET /ws` with `status` and `body`, and calls `test` with its URL.
    static func withServer<Value: Sendable>(
        status: HTTPResponse.Status,
        body: String,
        _ test: @Sendable (String, RefusingNode) async throws -> Value
    ) async throws -> Value {
        let node = RefusingNode()
        let router = Router()
        router.get("/ws") { _, _ -> Response in
            await node.answered()
            return Response(
                status: status,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: body))
            )
        }
        let port = Promise<Int>()
        var logger = Logger(label: "refusing-node")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in await port.complete(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        return try await runGracefully(app, logger: logger) {
            try await test("ws://127.0.0.1:\(await port.wait())/ws", node)
        }
    }
}
