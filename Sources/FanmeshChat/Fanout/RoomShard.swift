internal import NIOCore

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

    /// Hands the batch to every member; members decide alone whether to write or drop, so no one waits.
    /// Returns the messages written in all.
    func deliver(_ batch: RoomBatch) -> Int {
        var delivered = 0
        for member in self.members.values {
            delivered += member.deliver(batch)
        }
        return delivered
    }

    func deliver(notice frame: ByteBuffer, room: String) {
        for member in self.members.values {
            member.deliver(notice: frame, room: room)
        }
    }
}

@available(*, unavailable)
extension RoomShard: Sendable {}
