package import NIOCore
package import NIOPosix
internal import Synchronization

/// Reads history pages off the event loops, one read per distinct request in flight.
///
/// At show start thousands of fans reconnect with the same `since` within a second; they all wait on the one read
/// already under way for that (room, since, limit) instead of each starting their own.
package final class HistoryReader: Sendable {
    private struct Request: Hashable, Sendable {
        var room: String
        var since: UInt64?
        var limit: Int
        var unbounded: Bool
    }

    private let log: ChatLog
    private let window: ChatLog.ReplayWindow
    private let threadPool: NIOThreadPool
    /// Reads queued but not yet started. A read that has begun is no longer shared: its snapshot may predate a
    /// later joiner's registration in the room, and that joiner would miss what was fanned out in between.
    private let queued = Mutex<[Request: (id: Int, future: EventLoopFuture<HistoryPage>)]>([:])
    private let nextID = Atomic<Int>(0)

    package init(log: ChatLog, window: ChatLog.ReplayWindow, threadPool: NIOThreadPool) {
        self.log = log
        self.window = window
        self.threadPool = threadPool
    }

    /// The page of `room` after `since`; completes on `eventLoop`.
    ///
    /// - Parameter unbounded: read after `since` however far back it is (the history API), instead of answering
    ///   `recovered: false` past the replay window (joins).
    package func page(
        room: String,
        since: UInt64?,
        limit: Int,
        unbounded: Bool = false,
        on eventLoop: any EventLoop
    ) -> EventLoopFuture<HistoryPage> {
        let request = Request(room: room, since: since, limit: limit, unbounded: unbounded)
        let window = unbounded ? ChatLog.ReplayWindow(maxMessages: .max, maxAge: nil) : self.window
        let future: EventLoopFuture<HistoryPage> = self.queued.withLock { queued in
            if let waiting = queued[request] { return waiting.future }
            let id = self.nextID.wrappingAdd(1, ordering: .relaxed).newValue
            let read = self.threadPool.runIfActive(eventLoop: eventLoop) {
                self.queued.withLock { queued in
                    if queued[request]?.id == id { queued[request] = nil }
                }
                return try self.log.page(room: room, since: since, limit: limit, window: window)
            }
            queued[request] = (id, read)
            return read
        }
        return future.hop(to: eventLoop)
    }
}
