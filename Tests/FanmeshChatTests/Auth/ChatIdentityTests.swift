import FanmeshChat
import Foundation
import Testing

@Suite("Chat identities")
struct ChatIdentityTests {
    static let expiry = Date(timeIntervalSince1970: 4_102_444_800)

    @Test(
        "A rooms allow-list lets the user join only the rooms it names",
        arguments: [
            (nil, "show", true), (nil, "anything", true), (["show"], "show", true), (["show"], "Show", false),
            (["show", "vip"], "vip", true), (["show"], "backstage", false), ([], "show", false),
        ] as [(Set<String>?, String, Bool)]
    )
    func mayJoin(allowed: Set<String>?, room: String, expected: Bool) {
        let identity = ChatIdentity(userID: "u1", allowedRooms: allowed, expiresAt: Self.expiry)
        #expect(identity.mayJoin(room) == expected)
    }

    @Test("An anonymous reader may join any room but not send, and never expires")
    func anonymous() {
        let identity = ChatIdentity.anonymous(userID: "anon-7")
        #expect(identity.isAnonymous)
        #expect(identity.userID == "anon-7")
        #expect(identity.displayName == "anon-7")
        #expect(identity.mayJoin("show"))
        #expect(!identity.maySend)
        #expect(!identity.isModerator)
        #expect(identity.expiresAt == nil)
    }

    @Test("The display name defaults to the user id")
    func displayNameDefault() {
        #expect(ChatIdentity(userID: "u1", expiresAt: Self.expiry).displayName == "u1")
        #expect(ChatIdentity(userID: "u1", displayName: "Mina", expiresAt: Self.expiry).displayName == "Mina")
    }
}
