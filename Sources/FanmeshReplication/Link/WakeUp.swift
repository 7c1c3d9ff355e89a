/// Wakes one waiting loop: when signalled, and every `interval` regardless. Signals that arrive while the loop is
/// busy collapse into one wake-up, so a burst of commits costs one pass.
final class WakeUp: Sendable {
    let wakes: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let ticker: Task<Void, Never>

    init(interval: Duration) {
        (self.wakes, self.continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let continuation = self.continuation
        self.ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                continuation.yield()
            }
        }
        continuation.yield()
    }

    func signal() {
        self.continuation.yield()
    }

    func finish() {
        self.ticker.cancel()
        self.continuation.finish()
    }

    deinit {
        self.ticker.cancel()
        self.continuation.finish()
    }
}
