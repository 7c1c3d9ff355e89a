import FanmeshChat
import NIOCore
import NIOEmbedded
import Synchronization
import Testing

@Suite("Room fan-out")
struct RoomFanoutTests {
    @Test("Every member on every loop gets the same frame storage, in publish order")
    func sameBytesInOrder() throws {
        let loopA = EmbeddedEventLoop()
        let loopB = EmbeddedEventLoop()
        let delivered = Mutex<[Int]>([])
        let room = Room(name: "show", batchWindow: .zero, slowMode: .zero, flushLoop: loopA) { count in
            delivered.withLock { $0.append(count) }
        }
        let onA = (0..<3).map { _ in RecordingMember() }
        let onB = (0..<2).map { _ in RecordingMember() }
        for member in onA { room.add(member, on: loopA) }
        for member in onB { room.add(member, on: loopB) }
        #expect(room.memberCount == 5)

        room.publish([ChatFixtures.stored(1)])
        room.publish([ChatFixtures.stored(2), ChatFixtures.stored(3)])
        loopA.run()
        loopB.run()

        let members = onA + onB
        for member in members {
            #expect(member.frames.count == 2)
            #expect(try member.positions() == [1, 2, 3])
        }
        for index in 0..<2 {
            let addresses = Set(members.map { ChatFixtures.address(of: $0.frames[index]) })
            #expect(addresses.count == 1, "frame \(index) was copied per member")
        }
        #expect(delivered.withLock { $0.reduce(0, +) } == 5 * 3)
    }

    @Test("Many single publishes reach each member in order")
    func manyPublishesInOrder() throws {
        let loop = EmbeddedEventLoop()
        let room = Room(name: "show", batchWindow: .zero, slowMode: .zero, flushLoop: loop)
        let members = (0..<4).map { _ in RecordingMember() }
        for member in members { room.add(member, on: loop) }
        for position in 1...50 { room.publish([ChatFixtures.stored(UInt64(position))]) }
        loop.run()
        for member in members { #expect(try member.positions() == Array(1...50)) }
    }

    @Test("With a batch window, publishes gather into one frame when the window ends")
    func batchWindowGathers() throws {
        let loop = EmbeddedEventLoop()
        let room = Room(name: "show", batchWindow: .milliseconds(5), slowMode: .zero, flushLoop: loop)
        let member = RecordingMember()
        room.add(member, on: loop)
        for position in 1...3 { room.publish([ChatFixtures.stored(UInt64(position))]) }
        loop.run()
        #expect(member.frames.isEmpty)
        loop.advanceTime(by: .milliseconds(5))
        #expect(member.frames.count == 1)
        #expect(try member.positions() == [1, 2, 3])
        room.publish([ChatFixtures.stored(4)])
        loop.advanceTime(by: .milliseconds(5))
        #expect(try member.positions() == [1, 2, 3, 4])
    }

    @Test("A large publish is split into frames of at most maxMessagesPerFrame, in order")
    func largePublishSplits() throws {
        let loop = EmbeddedEventLoop()
        let room = Room(name: "show", batchWindow: .zero, slowMode: .zero, flushLoop: loop)
        let member = RecordingMember()
        room.add(member, on: loop)
        let count = Room.maxMessagesPerFrame + 44
        room.publish((1...count).map { ChatFixtures.stored(UInt64($0)) })
        loop.run()
        #expect(member.frames.count == 2)
        #expect(try member.positions() == (1...count).map(UInt64.init))
    }

    @Test("A removed member gets nothing more; adding a member twice counts it once")
    func membership() throws {
        let loop = EmbeddedEventLoop()
        let room = Room(name: "show", batchWindow: .zero, slowMode: .zero, flushLoop: loop)
        let stays = RecordingMember()
        let leaves = RecordingMember()
        #expect(room.add(stays, on: loop) == 1)
        #expect(room.add(stays, on: loop) == 1)
        #expect(room.add(leaves, on: loop) == 2)
        #expect(room.remove(leaves, on: loop) == 1)
        #expect(room.remove(leaves, on: loop) == 1)
        room.publish([ChatFixtures.stored(1)])
        loop.run()
        #expect(stays.frames.count == 1)
        #expect(leaves.frames.isEmpty)
    }

    @Test("Presence is announced only when the member count changed")
    func presence() {
        let loop = EmbeddedEventLoop()
        let room = Room(name: "show", batchWindow: .zero, slowMode: .zero, flushLoop: loop)
        let first = RecordingMember()
        #expect(room.presenceToAnnounce() == nil)
        room.add(first, on: loop)
        room.add(RecordingMember(), on: loop)
        #expect(room.presenceToAnnounce() == 2)
        #expect(room.presenceToAnnounce() == nil)
        room.remove(first, on: loop)
        #expect(room.presenceToAnnounce() == 1)
    }

    @Test("A notice reaches every member as the same bytes")
    func notices() {
        let loop = EmbeddedEventLoop()
        let room = Room(name: "show", batchWindow: .zero, slowMode: .zero, flushLoop: loop)
        let members = (0..<3).map { _ in RecordingMember() }
        for member in members { room.add(member, on: loop) }
        let notice = WebSocketTextFrame.make(payload: ChatReply.presence(room: "show", count: 3))
        room.broadcast(notice: notice)
        loop.run()
        for member in members {
            #expect(member.notices == [notice])
            #expect(ChatFixtures.address(of: member.notices[0]) == ChatFixtures.address(of: notice))
        }
    }
}
