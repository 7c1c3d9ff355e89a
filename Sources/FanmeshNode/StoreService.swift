internal import FanmeshStore
internal import Logging
internal import NIOPosix
internal import ServiceLifecycle

/// Keeps the node's LMDB environment open while the node runs and closes it on graceful shutdown, after the
/// listeners that use it have stopped (it is the first service, so the last one a `ServiceGroup` stops).
struct StoreService: Service {
    let store: LMDBEnvironment
    /// The threads that read the store off the event loops; stopped before the store closes.
    let threadPool: NIOThreadPool
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        try? await self.threadPool.shutdownGracefully()
        self.store.close()
        self.logger.info("Store closed", metadata: ["store.path": "\(self.store.path)"])
    }
}
