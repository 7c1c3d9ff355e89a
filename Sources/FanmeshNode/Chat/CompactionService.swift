internal import FanmeshChat
internal import Foundation
internal import Logging
internal import ServiceLifecycle

/// Runs chat log compaction (retention) every `compactionInterval` while the node runs. A failed run is logged
/// and retried at the next interval; it never stops the node.
struct CompactionService: Service {
    let log: ChatLog
    let logger: Logger

    func run() async throws {
        let interval = self.log.configuration.compactionInterval
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            // A plain sleep would hold up shutdown for up to a whole interval.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
            let started = ContinuousClock.now
            do {
                let result = try await self.log.compact(now: Date())
                guard result.deletedMessages > 0 else { continue }
                self.logger.info(
                    "Chat log compacted",
                    metadata: [
                        "chat.deleted": "\(result.deletedMessages)",
                        "chat.transactions": "\(result.transactions)",
                        "chat.floors": "\(result.floors)",
                        "duration": "\(ContinuousClock.now - started)",
                    ]
                )
            } catch {
                self.logger.error("Chat log compaction failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
