/// A write transaction, given to the closure of ``LMDBEnvironment/write(_:)`` or ``LMDBEnvironment/writeAsync(_:)``;
/// it sees its own changes, and commits when the closure returns.
///
/// It is borrowed and non-copyable, so it cannot outlive the closure, and it is not `Sendable`. Raw buffers it
/// hands out point into the map and are valid only during the call that passes them, and not across a change.
/// Keys are 1 to 511 bytes. When a change throws, rethrow: the transaction cannot be used after a failure.
package struct WriteTransaction: ~Copyable {
    let core: TransactionCore

    /// Stores `value` under `key`, replacing any value unless `overwrite` is `false`.
    ///
    /// - Returns: `false` when `overwrite` is `false` and `key` already has a value, which is left as it was.
    /// - Throws: ``StoreError``; `.invalidUse` for a key of the wrong size.
    @discardableResult
    package func put(
        _ value: some Collection<UInt8>,
        forKey key: some Collection<UInt8>,
        in table: Table,
        overwrite: Bool = true
    ) throws -> Bool {
        try self.core.put(value, forKey: key, in: table, overwrite: overwrite)
    }

    /// Deletes `key`'s value; returns whether there was one.
    @discardableResult
    package func delete(_ key: some Collection<UInt8>, in table: Table) throws -> Bool {
        try self.core.delete(key, in: table)
    }

    /// Deletes every entry of `table` in `range`; returns how many.
    @discardableResult
    package func deleteAll(in table: Table, _ range: KeyRange = .all) throws -> Int {
        range == .all ? try self.core.deleteAll(in: table) : try self.core.deleteRange(range, in: table)
    }

    /// A copy of the value stored under `key`, or `nil` if there is none.
    package func get(_ key: some Collection<UInt8>, in table: Table) throws -> [UInt8]? {
        try self.core.withValue(forKey: key, in: table) { Array($0) }
    }

    /// Runs `body` over the value stored under `key` in place and returns its result, or `nil` if there is no
    /// such key. The buffer is valid only inside `body`, which must not change the transaction.
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

    /// The number of entries in `table`, including this transaction's changes.
    package func count(in table: Table) throws -> Int {
        try self.core.count(in: table)
    }

    /// Copies of the entries of `table` in `range`, in key order or reverse, at most `limit` of them.
    package func entries(
        in table: Table,
        _ range: KeyRange = .all,
        reverse: Bool = false,
        limit: Int = .max
    ) throws -> [StoreEntry] {
        try self.core.entries(in: table, range, reverse: reverse, limit: limit)
    }

    /// Visits the entries of `table` in `range` in place, until `limit` entries or until `visit` returns `false`,
    /// and returns how many it visited. `visit` must not change the transaction.
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

    /// The entry with the largest key in `range`, or `nil` when the range is empty.
    package func last(in table: Table, _ range: KeyRange = .all) throws -> StoreEntry? {
        try self.core.entries(in: table, range, reverse: true, limit: 1).first
    }
}

@available(*, unavailable)
extension WriteTransaction: Sendable {}
