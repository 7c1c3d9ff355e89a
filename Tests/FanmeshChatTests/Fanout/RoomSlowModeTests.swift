import FanmeshChat
import NIOEmbedded
import Testing

@Suite("Room slow mode")
struct RoomSlowModeTests {
    static func room(slowMode: Duration) -> Room {
        Room(name: "show", batchWindow: .zero, slowMode: slowMode, flushLoop: EmbeddedEventLoop())
    }

    @Test("With slow mode off every post is admitted")
    func off() {
        let room = Self.room(slowMode: .zero)
        let now = ContinuousClock.now
        for _ in 0..<5 { #expect(room.admitPost(by: "a", now: now) == nil) }
    }

    @Test("A second post within the interval waits for the rest of it; other users are not affected")
    func secondPostWaits() {
        let room = Self.room(slowMode: .seconds(10))
        let now = ContinuousClock.now
        #expect(room.admitPost(by: "a", now: now) == nil)
        #expect(room.admitPost(by: "a", now: now + .seconds(3)) == .seconds(7))
        #expect(room.admitPost(by: "b", now: now + .seconds(3)) == nil)
        #expect(room.admitPost(by: "a", now: now + .seconds(10)) == nil)
        #expect(room.admitPost(by: "a", now: now + .seconds(19)) == .seconds(1))
    }

    @Test("A refused post does not restart the interval")
    func refusalDoesNotRestart() {
        let room = Self.room(slowMode: .seconds(10))
        let now = ContinuousClock.now
        #expect(room.admitPost(by: "a", now: now) == nil)
        #expect(room.admitPost(by: "a", now: now + .seconds(9)) != nil)
        #expect(room.admitPost(by: "a", now: now + .seconds(10)) == nil)
    }

    @Test("Turning slow mode off forgets past posts; a new interval applies to what is remembered")
    func changingInterval() {
        let room = Self.room(slowMode: .seconds(10))
        let now = ContinuousClock.now
        #expect(room.admitPost(by: "a", now: now) == nil)
        room.setSlowMode(.seconds(2))
        #expect(room.slowModeInterval == .seconds(2))
        #expect(room.admitPost(by: "a", now: now + .seconds(1)) == .seconds(1))
        #expect(room.admitPost(by: "a", now: now + .seconds(2)) == nil)
        room.setSlowMode(.zero)
        room.setSlowMode(.seconds(60))
        #expect(room.admitPost(by: "a", now: now + .seconds(3)) == nil)
    }
}
