/// A read-only snapshot of an environment, given to the closure of ``LMDBEnvironment/read(_:)``.
///
/// It is borrowed and non-copyable, so it cannot outlive the closure, and it is not `Sendable`: use it on the
/// thread running the closure. Raw buffers it hands out point into the map and are valid only during the call that
/// passes them. Keys are 1 to 511 bytes.
package struct ReadTransaction: ~Copyable {
    let core: TransactionCore

    /// A copy of the value stored under `key`, or `nil` if there is none.
    package func get(_ key: some Collection<UInt8>, in table: Table) throws -> [UInt8]? {
        try self.core.withValue(forKey: key, in: table) { Array($0) }
    }

    /// Runs `body` over the value stored under `key` in place, without copying, and returns its result, or `nil`
    /// if there is no such key. The buffer is valid only inside `body`.
    package func withValue<T>(
        forKey key: some Collection<UInt8>,
        in table: Table,
        _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T? {
        try self.core.withValue(forKey: key, in: table, body)
    }

    /// Whether `table` has a value under `key`.
    package func contains(_ key: some Collection<UInt8>, in table: Table) throws -> Bool {
        try self.core.withValue(forKey: key, in: table) { _ in true } ?? false
    }

    /// The number of entries in `table`, from LMDB's counters (no scan).
    package func count(in table: Table) throws -> Int {
        try self.core.count(in: table)
    }

    /// Copies of the entries of `table` in `range`, in key order or, with `reverse`, from the last key down; at
    /// most `limit` of them.
    package func entries(
        in table: Table,
        _ range: KeyRange = .all,
        reverse: Bool = false,
        limit: Int = .max
    ) throws -> [StoreEntry] {
        try self.core.entries(in: table, range, reverse: reverse, limit: limit)
    }

    /// Visits the entries of `table` in `range` in place, in key order or reverse, until `limit` entries or until
    /// `visit` returns `false`, and returns how many it visited. The buffers are valid only during `visit`.
    @discardableResult
    package func scan(
        in table: Table,
        _ range: KeyRange = .all,
        reverse: Bool = false,
        limit: Int = .max,
        _ visit: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws -> Int {
        try self.core.scan(in: table, range, reverse: reverse, limit: limit, visit)
    }

    /// The entry with the smallest key in `range`, or `nil` when the range is empty.
    package func first(in table: Table, _ range: KeyRange = .all) throws -> StoreEntry? {
        try self.core.entries(in: table, range, reverse: false, limit: 1).first
    }

    /// The entry with the largest key in `range`, or `nil` when the range is empty: for example the newest entry
    /// of a log keyed by sequence number.
    package func last(in table: Table, _ range: KeyRange = .all) throws -> StoreEntry? {
        try self.core.entries(in: table, range, reverse: true, limit: 1).first
    }
}

@available(*, unavailable)
extension ReadTransaction: Sendable {}
