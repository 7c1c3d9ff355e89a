import FanmeshChat
import NIOCore
import NIOWebSocket

/// A room member that records what it is given, as a live session would: each batch's frame, or the part after
/// the newest position it already has.
final class RecordingMember: RoomMember {
    private(set) var frames: [ByteBuffer] = []
    private(set) var notices: [ByteBuffer] = []
    private(set) var lastPosition: UInt64
    /// Flushes asked for; one per delivery pass.
    private(set) var flushes = 0

    init(lastPosition: UInt64 = 0) {
        self.lastPosition = lastPosition
    }

    func deliver(_ batch: RoomBatch) -> Int {
        guard let frame = batch.frame(after: self.lastPosition) else { return 0 }
        let unseen = batch.messages.count { $0.position > self.lastPosition }
        self.frames.append(frame)
        self.lastPosition = batch.lastPosition
        return unseen
    }

    func deliver(notice frame: ByteBuffer, room: String) {
        self.notices.append(frame)
    }

    func flushDeliveries() {
        self.flushes += 1
    }

    /// The positions in every frame received, in order.
    func positions() throws -> [UInt64] {
        try self.frames.flatMap { frame in
            try ServerFrames.decode(frame).flatMap { try ChatFixtures.messageObjects($0.data) }
                .map { ($0["position"] as? Int).map(UInt64.init) ?? 0 }
        }
    }
}
