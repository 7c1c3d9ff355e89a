internal import Foundation

/// Something that happened to the mesh as this node saw it: link up/down, path switched.
package struct MeshEvent: Sendable, Equatable, Codable {
    package var time: Double
    package var kind: String
    package var detail: String

    package init(kind: String, detail: String, time: Double = Date().timeIntervalSince1970) {
        self.time = time
        self.kind = kind
        self.detail = detail
    }
}
