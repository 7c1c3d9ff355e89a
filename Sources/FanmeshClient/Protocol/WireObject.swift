/// One JSON object of a node frame, every field optional and read leniently: a field of the wrong type reads
/// as absent, so one bad field costs only the object that needs it.
struct WireObject: Decodable, Sendable {
    var op: String?
    var room: String?
    var id: String?
    var user: String?
    var name: String?
    var text: String?
    var ts: Int64?
    var region: String?
    var position: UInt64?
    var recovered: Bool?
    var count: Int?
    var history: [WireObject]?
    var nonce: String?
    var code: String?
    var message: String?
    var seconds: Int?

    private enum CodingKeys: String, CodingKey {
        case op, room, id, user, name, text, ts, region, position, recovered, count, history, nonce, code, message
        case seconds
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.op = try? container.decodeIfPresent(String.self, forKey: .op)
        self.room = try? container.decodeIfPresent(String.self, forKey: .room)
        self.id = try? container.decodeIfPresent(String.self, forKey: .id)
        self.user = try? container.decodeIfPresent(String.self, forKey: .user)
        self.name = try? container.decodeIfPresent(String.self, forKey: .name)
        self.text = try? container.decodeIfPresent(String.self, forKey: .text)
        self.ts = try? container.decodeIfPresent(Int64.self, forKey: .ts)
        self.region = try? container.decodeIfPresent(String.self, forKey: .region)
        self.position = try? container.decodeIfPresent(UInt64.self, forKey: .position)
        self.recovered = try? container.decodeIfPresent(Bool.self, forKey: .recovered)
        self.count = try? container.decodeIfPresent(Int.self, forKey: .count)
        self.history = try? container.decodeIfPresent([WireObject].self, forKey: .history)
        self.nonce = try? container.decodeIfPresent(String.self, forKey: .nonce)
        self.code = try? container.decodeIfPresent(String.self, forKey: .code)
        self.message = try? container.decodeIfPresent(String.self, forKey: .message)
        self.seconds = try? container.decodeIfPresent(Int.self, forKey: .seconds)
    }
}
