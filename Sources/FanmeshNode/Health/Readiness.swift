internal import Synchronization

/// What a node still waits for before it takes traffic; `/readyz` answers from it.
///
/// Each part of the node reports its own check by name; the node is ready when every expected check has passed.
/// Thread-safe: parts report from their own tasks and event loops.
package final class Readiness: Sendable {
    /// One named condition and, while it fails, why.
    package struct Check: Sendable, Equatable {
        package var name: String
        package var problem: String?
    }

    private let checks: Mutex<[String: String?]>

    /// - Parameter expected: the checks that start out failing with "starting".
    package init(expected: [String]) {
        self.checks = Mutex(Dictionary(uniqueKeysWithValues: expected.map { ($0, "starting") }))
    }

    package func pass(_ name: String) {
        self.checks.withLock { $0[name] = .some(nil) }
    }

    package func fail(_ name: String, because problem: String) {
        self.checks.withLock { $0[name] = .some(problem) }
    }

    package var isReady: Bool {
        self.checks.withLock { $0.values.allSatisfy { $0 == nil } }
    }

    /// Every check, sorted by name.
    package var snapshot: [Check] {
        self.checks.withLock { checks in
            checks.keys.sorted().map { Check(name: $0, problem: checks[$0] ?? nil) }
        }
    }
}
