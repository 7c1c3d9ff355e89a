/// Why the emulator refused a partition or heal: what the user named does not exist.
package struct WANError: Error, Equatable, CustomStringConvertible {
    /// A stable code the admin API answers with (`unknown_region`, `no_link`, `bad_request`).
    package struct Code: RawRepresentable, Sendable, Hashable {
        package var rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        package static let unknownRegion = Code(rawValue: "unknown_region")
        package static let noLink = Code(rawValue: "no_link")
        package static let badRequest = Code(rawValue: "bad_request")
    }

    package var code: Code
    /// What is wrong and what to do, for the operator.
    package var message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { self.message }

    package static func unknownRegion(_ name: String, known: [String]) -> WANError {
        WANError(.unknownRegion, "unknown region '\(name)'; regions are \(known.joined(separator: ", "))")
    }

    package static func noLink(_ first: String, _ second: String) -> WANError {
        WANError(
            .noLink,
            "no emulated link between \(first) and \(second): the topology's `links` has no entry for them"
        )
    }
}
