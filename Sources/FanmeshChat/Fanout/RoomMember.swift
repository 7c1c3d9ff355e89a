package import NIOCore

/// A connection's side of room fan-out. Every call happens on the member's own event loop.
package protocol RoomMember: AnyObject {
    /// The room's next batch; the member queues `batch.frame` (or the part it has not seen) without awaiting or
    /// flushing. Returns how many messages it queued.
    func deliver(_ batch: RoomBatch) -> Int
    /// A frame that is not part of the message sequence (presence, slow mode), already framed; queued, not flushed.
    func deliver(notice frame: ByteBuffer, room: String)
    /// Flushes what the deliveries of this pass queued: one write system call per member per pass.
    func flushDeliveries()
}
