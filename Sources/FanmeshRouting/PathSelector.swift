package import FanmeshCore

/// Chooses, for each origin, which connected peer to pull its log from: the origin itself when that is fastest,
/// else a relay whose own link to the origin makes the sum faster — or the only way while the direct link is down.
///
/// A value type with hysteresis: a working path is replaced only when another is clearly faster (by
/// ``Configuration/switchRatio`` and ``Configuration/minimumGain``), so RTT noise does not flap subscriptions;
/// a path whose link went down is replaced at once.
package struct PathSelector: Sendable {
    package struct Configuration: Sendable, Equatable {
        /// A new path must cost less than this share of the current one.
        package var switchRatio = 0.8
        /// … and be faster by at least this much.
        package var minimumGain: Duration = .milliseconds(10)

        package init() {}
    }

    /// A path that changed, with why.
    package struct Change: Sendable, Equatable {
        package var origin: String
        package var from: String?
        package var to: String?
        package var cost: Duration?
    }

    package let node: String
    package let configuration: Configuration
    package private(set) var paths: [String: String] = [:]

    package init(node: String, configuration: Configuration = .init()) {
        self.node = node
        self.configuration = configuration
    }

    /// The estimated one-way-equivalent cost (sum of RTTs) of pulling `origin` through `source`, or nil when that
    /// path is down.
    package func cost(origin: String, via source: String, matrix: RTTMatrix, connected: Set<String>) -> Duration? {
        guard connected.contains(source), let first = matrix[self.node, source] else { return nil }
        if source == origin { return first }
        guard let second = matrix[source, origin] else { return nil }
        return first + second
    }

    /// Re-evaluates every origin; returns the paths that changed.
    package mutating func update(origins: [String], matrix: RTTMatrix, connected: Set<String>) -> [Change] {
        var changes: [Change] = []
        for origin in origins where origin != self.node {
            let current = self.paths[origin]
            let currentCost = current.flatMap { self.cost(origin: origin, via: $0, matrix: matrix, connected: connected) }
            var best: (source: String, cost: Duration)?
            for source in connected.sorted() where source != self.node {
                guard let cost = self.cost(origin: origin, via: source, matrix: matrix, connected: connected) else {
                    continue
                }
                if best == nil || cost < best!.cost { best = (source, cost) }
            }
            let chosen: String?
            if let currentCost, let best, best.source != current {
                let clearlyBetter =
                    best.cost < currentCost * self.configuration.switchRatio
                    && currentCost - best.cost >= self.configuration.minimumGain
                chosen = clearlyBetter ? best.source : current
            } else if currentCost != nil {
                chosen = current
            } else {
                chosen = best?.source
            }
            if chosen != current {
                self.paths[origin] = chosen
                let cost = chosen.flatMap { self.cost(origin: origin, via: $0, matrix: matrix, connected: connected) }
                changes.append(Change(origin: origin, from: current, to: chosen, cost: cost))
            }
        }
        return changes
    }
}
