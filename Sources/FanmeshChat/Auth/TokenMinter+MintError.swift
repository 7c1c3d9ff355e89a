extension TokenMinter {
    /// Input ``TokenMinter`` refuses, because a node would refuse the token it makes; never shows the key.
    package struct MintError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, with what was given.
        package var message: String

        package var description: String { self.message }
    }
}
