import Hummingbird
import Logging
import ServiceLifecycle

/// Runs `app` while `body` runs, then shuts it down gracefully, as hb's own test helpers do.
func runGracefully<Value: Sendable>(
    _ app: some ApplicationProtocol,
    logger: Logger,
    _ body: () async throws -> Value
) async throws -> Value {
    let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await services.run() }
        do {
            let value = try await body()
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return value
        } catch {
            group.cancelAll()
            throw error
        }
    }
}
