internal import CLMDB

extension TransactionCore {
    /// Visits the entries of `table` in `range` in key order (or reverse) until `limit` or until `visit` returns
    /// `false`; returns how many it visited. The buffers point into the map and are valid only during `visit`.
    func scan(
        in table: Table,
        _ range: KeyRange,
        reverse: Bool,
        limit: Int,
        _ visit: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws -> Int {
        guard limit > 0 else { return 0 }
        return try self.withCursor(on: table) { cursor in
            var key = MDB_val()
            var value = MDB_val()
            var status: Int32
            if reverse {
                status = Self.positionAtLast(cursor, below: range.upperBound, &key, &value)
            } else {
                status = Self.positionAtFirst(cursor, from: range.lowerBound, &key, &value)
            }
            var visited = 0
            while status == 0 {
                let keyBytes = UnsafeRawBufferPointer(key)
                if reverse ? range.isBelow(lowerBoundOf: keyBytes) : range.isAtOrAbove(upperBoundOf: keyBytes) {
                    break
                }
                visited += 1
                guard try visit(keyBytes, UnsafeRawBufferPointer(value)), visited < limit else { break }
                status = mdb_cursor_get(cursor, &key, &value, reverse ? MDB_PREV : MDB_NEXT)
            }
            guard status == 0 || status == MDB_NOTFOUND else {
                throw self.failure(status, "mdb_cursor_get", table: table.name)
            }
            return visited
        }
    }

    /// Deletes the entries of `table` in `range`; returns how many.
    func deleteRange(_ range: KeyRange, in table: Table) throws -> Int {
        try self.withCursor(on: table) { cursor in
            var key = MDB_val()
            var value = MDB_val()
            var deleted = 0
            while true {
                let status = Self.positionAtFirst(cursor, from: range.lowerBound, &key, &value)
                if status == MDB_NOTFOUND { return deleted }
                guard status == 0 else { throw self.failure(status, "mdb_cursor_get", table: table.name) }
                if range.isAtOrAbove(upperBoundOf: UnsafeRawBufferPointer(key)) { return deleted }
                let deletion = mdb_cursor_del(cursor, 0)
                guard deletion == 0 else { throw self.failure(deletion, "mdb_cursor_del", table: table.name) }
                deleted += 1
            }
        }
    }

    private func withCursor<T>(on table: Table, _ body: (OpaquePointer) throws -> T) throws -> T {
        let handle = try self.handle(of: table, for: "mdb_cursor_open")
        var opened: OpaquePointer?
        let status = mdb_cursor_open(self.transaction, handle, &opened)
        guard status == 0, let cursor = opened else {
            throw self.failure(status, "mdb_cursor_open", table: table.name)
        }
        defer { mdb_cursor_close(cursor) }
        return try body(cursor)
    }

    /// Moves to the first key at or after `lowerBound` (the first key when it is empty).
    private static func positionAtFirst(
        _ cursor: OpaquePointer,
        from lowerBound: [UInt8],
        _ key: inout MDB_val,
        _ value: inout MDB_val
    ) -> Int32 {
        if lowerBound.isEmpty {
            return mdb_cursor_get(cursor, &key, &value, MDB_FIRST)
        }
        return lowerBound.withUnsafeBytes { bound in
            key = MDB_val(bound)
            return mdb_cursor_get(cursor, &key, &value, MDB_SET_RANGE)
        }
    }

    /// Moves to the last key before `upperBound` (the last key when it is `nil`).
    private static func positionAtLast(
        _ cursor: OpaquePointer,
        below upperBound: [UInt8]?,
        _ key: inout MDB_val,
        _ value: inout MDB_val
    ) -> Int32 {
        guard let upperBound else {
            return mdb_cursor_get(cursor, &key, &value, MDB_LAST)
        }
        let status = upperBound.withUnsafeBytes { bound in
            key = MDB_val(bound)
            return mdb_cursor_get(cursor, &key, &value, MDB_SET_RANGE)
        }
        switch status {
        case 0: return mdb_cursor_get(cursor, &key, &value, MDB_PREV)
        case MDB_NOTFOUND: return mdb_cursor_get(cursor, &key, &value, MDB_LAST)
        default: return status
        }
    }
}
