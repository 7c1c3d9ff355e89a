package import NIOCore

/// A connection's side of room fan-out. Every call happens on the member's own event loop.
package protocol RoomMember: AnyObject {
    /// The room's next batch; the member writes `batch.frame` (or the part it has not seen) without awaiting.
    /// Returns how many messages it wrote.
    func deliver(_ batch: RoomBatch) -> Int
    /// A frame that is not part of the message sequence (presence, slow mode), already framed.
    func deliver(notice frame: ByteBuffer, room: String)
}
