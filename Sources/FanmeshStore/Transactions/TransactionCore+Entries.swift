extension TransactionCore {
    /// The entries of `table` in `range`, copied, in key order (or reverse), at most `limit`.
    func entries(in table: Table, _ range: KeyRange, reverse: Bool, limit: Int) throws -> [StoreEntry] {
        var entries: [StoreEntry] = []
        _ = try self.scan(in: table, range, reverse: reverse, limit: limit) { key, value in
            entries.append(StoreEntry(key: Array(key), value: Array(value)))
            return true
        }
        return entries
    }
}
