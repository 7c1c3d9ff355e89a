/// A named table (an LMDB named database) of one environment, from ``LMDBEnvironment/table(_:)``.
///
/// A small value: keep it and pass it to transactions. It works only with the environment instance that opened it.
package struct Table: Sendable, Hashable, CustomStringConvertible {
    /// The name the table was opened with.
    package let name: String
    let handle: UInt32
    let environmentID: UInt64

    init(name: String, handle: UInt32, environmentID: UInt64) {
        self.name = name
        self.handle = handle
        self.environmentID = environmentID
    }

    package var description: String { self.name }
}
