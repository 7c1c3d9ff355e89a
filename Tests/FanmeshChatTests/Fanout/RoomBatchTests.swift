import FanmeshChat
import Foundation
import NIOCore
import NIOWebSocket
import Testing

@Suite("Room batches")
struct RoomBatchTests {
    static func positions(in frame: ByteBuffer) throws -> [UInt64] {
        let frames = try ServerFrames.decode(frame)
        #expect(frames.count == 1)
        let payload = try #require(frames.first).data
        return try ChatFixtures.messageObjects(payload).map { ($0["position"] as? NSNumber)?.uint64Value ?? 0 }
    }

    static let batch = RoomBatch(room: "show", messages: [5, 6, 7].map { ChatFixtures.stored($0) })

    @Test("The batch frame is one text frame holding every message")
    func wholeFrame() throws {
        #expect(try Self.positions(in: Self.batch.frame) == [5, 6, 7])
        #expect(Self.batch.firstPosition == 5 && Self.batch.lastPosition == 7)
    }

    @Test("A member that has seen nothing of the batch gets the shared frame itself", arguments: [UInt64(0), 3, 4])
    func wholeFrameShared(_ seen: UInt64) throws {
        let frame = try #require(Self.batch.frame(after: seen))
        #expect(frame == Self.batch.frame)
        #expect(ChatFixtures.address(of: frame) == ChatFixtures.address(of: Self.batch.frame))
    }

    @Test(
        "A member that has seen part of the batch gets a frame of only the rest",
        arguments: [(5, [6, 7]), (6, [7])] as [(UInt64, [UInt64])]
    )
    func subset(_ seen: UInt64, _ unseen: [UInt64]) throws {
        let frame = try #require(Self.batch.frame(after: seen))
        #expect(try Self.positions(in: frame) == unseen)
    }

    @Test("A member that has seen all of the batch gets nothing", arguments: [UInt64(7), 8, .max])
    func nothing(_ seen: UInt64) {
        #expect(Self.batch.frame(after: seen) == nil)
    }

    @Test("Positions with gaps are filtered by value, not by index")
    func gaps() throws {
        let batch = RoomBatch(room: "show", messages: [5, 9, 12].map { ChatFixtures.stored($0) })
        #expect(try Self.positions(in: try #require(batch.frame(after: 6))) == [9, 12])
        #expect(try Self.positions(in: try #require(batch.frame(after: 9))) == [12])
    }
}
