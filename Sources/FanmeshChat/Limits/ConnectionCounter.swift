internal import Synchronization

/// Open connections per client address, to refuse an address past `limits.max_connections_per_address`.
package final class ConnectionCounter: Sendable {
    private let limit: Int
    private let counts = Mutex<[String: Int]>([:])

    package init(limit: Int) {
        self.limit = limit
    }

    /// Counts one more connection from `address`, or returns false when it already holds `limit`.
    package func open(address: String) -> Bool {
        self.counts.withLock { counts in
            let current = counts[address, default: 0]
            guard current < self.limit else { return false }
            counts[address] = current + 1
            return true
        }
    }

    package func close(address: String) {
        self.counts.withLock { counts in
            let remaining = counts[address, default: 0] - 1
            counts[address] = remaining > 0 ? remaining : nil
        }
    }

    package func count(address: String) -> Int {
        self.counts.withLock { $0[address, default: 0] }
    }
}
