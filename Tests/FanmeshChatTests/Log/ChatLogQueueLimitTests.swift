import FanmeshCore
import FanmeshStore
import Foundation
import Synchronization
import Testing

@testable import FanmeshChat

@Suite("Chat log commit queue")
struct ChatLogQueueLimitTests {
    @Test("With the store busy, sends past maxPendingSends are refused at once with unavailable")
    func fullQueueRefuses() async throws {
        try await TemporaryChatLog.withLog(configure: { $0.maxPendingSends = 2 }) { log in
            let writer = StoreBlocker(store: log.store)
            await writer.holdWriteLock()
            defer { writer.release() }

            let results = Mutex<[Int: Result<StoredMessage, ChatError>]>([:])
            for index in 0..<10 {
                log.append(TemporaryChatLog.draft(text: "m\(index)")) { result in
                    results.withLock { $0[index] = result }
                }
            }
            // Refusals complete inside `append`; nothing can have committed while the writer is held.
            let refused = results.withLock { $0 }
            let accepted = 10 - refused.count
            // One commit in flight takes at most maxPendingSends, and at most maxPendingSends more wait.
            #expect((2...4).contains(accepted), "accepted \(accepted)")
            for result in refused.values {
                guard case .failure(let error) = result else {
                    Issue.record("committed while the store was held: \(result)")
                    continue
                }
                #expect(error.code == .unavailable)
                #expect(error.message.contains("try again"))
            }

            writer.release()
            try await waitUntil("the accepted sends commit") { results.withLock { $0.count } == 10 }
            let committed = results.withLock { $0.values.compactMap { try? $0.get() } }
            #expect(committed.count == accepted)
            #expect(committed.map(\.message.id.sequence).sorted() == Array(1...UInt64(accepted)))
            #expect(log.lastSequence == UInt64(accepted))
            let after = try await log.append(TemporaryChatLog.draft()).get()
            #expect(after.message.id.sequence == UInt64(accepted + 1))
        }
    }
}

/// Holds the store's write lock from a thread of its own, so group commits queue up behind it.
final class StoreBlocker: Sendable {
    private let store: LMDBEnvironment
    private let gate = DispatchSemaphore(value: 0)
    private let released = Mutex(false)

    init(store: LMDBEnvironment) {
        self.store = store
    }

    /// Returns once the other thread is inside a write transaction.
    func holdWriteLock() async {
        await withCheckedContinuation { (holding: CheckedContinuation<Void, Never>) in
            Thread {
                _ = try? self.store.write { _ in
                    holding.resume()
                    self.gate.wait()
                }
            }.start()
        }
    }

    /// Lets the held transaction commit; calling it again does nothing.
    func release() {
        let first = self.released.withLock { released in
            defer { released = true }
            return !released
        }
        if first { self.gate.signal() }
    }
}
