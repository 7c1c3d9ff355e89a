internal import NIOCore
internal import Synchronization

/// The members of one room that live on one event loop. Only touched on that loop.
final class RoomShard {
    private var members: [ObjectIdentifier: any RoomMember] = [:]

    var isEmpty: Bool { self.members.isEmpty }

    func add(_ member: any RoomMember) -> Bool {
        self.members.updateValue(member, forKey: ObjectIdentifier(member)) == nil
    }

    func remove(_ member: any RoomMember) -> Bool {
        self.members.removeValue(forKey: ObjectIdentifier(member)) != nil
    }

    /// Hands the batches, in order, to every member, then flushes each member once; members decide alone whether
    /// to write or drop, so no one waits. Returns the messages written in all.
    func deliver(_ batches: [RoomBatch]) -> Int {
        var delivered = 0
        for member in self.members.values {
            for batch in batches {
                delivered += member.deliver(batch)
            }
            member.flushDeliveries()
        }
        return delivered
    }

    func deliver(notice frame: ByteBuffer, room: String) {
        for member in self.members.values {
            member.deliver(notice: frame, room: room)
            member.flushDeliveries()
        }
    }
}

@available(*, unavailable)
extension RoomShard: Sendable {}

/// Batches waiting for one shard's event loop. When the loop is behind, batches pile up here and are written in
/// one pass with one flush per member, instead of one loop task and one system call per member per batch.
final class ShardInbox: Sendable {
    private let state = Mutex<(batches: [RoomBatch], scheduled: Bool)>(([], false))

    /// Adds a batch; returns true when the caller must schedule a delivery pass (none is pending).
    func post(_ batch: RoomBatch) -> Bool {
        self.state.withLock { state in
            state.batches.append(batch)
            defer { state.scheduled = true }
            return !state.scheduled
        }
    }

    /// Everything posted so far; the next post schedules a new pass.
    func takeAll() -> [RoomBatch] {
        self.state.withLock { state in
            defer {
                state.batches.removeAll()
                state.scheduled = false
            }
            return state.batches
        }
    }
}
