extension LinkRelay {
    /// Whether a relay forwards, and what a partition or heal does to its connections; no sockets.
    ///
    /// States: `up`, `partitioned(.stall)`, `partitioned(.reset)`. Events: ``partition(_:)``, ``heal()`` and
    /// ``connectionAccepted()``; each returns the action the relay carries out. Invariant: while partitioned with
    /// `reset`, no connection is open; while partitioned with `stall`, every open connection is stalled.
    package struct StateMachine: Sendable, Equatable {
        package enum State: Sendable, Equatable {
            case up
            case partitioned(PartitionMode)
        }

        package enum PartitionAction: Sendable, Equatable {
            case stallConnections
            case resetConnections
            case none
        }

        package enum HealAction: Sendable, Equatable {
            case resumeConnections
            case none
        }

        package enum AcceptAction: Sendable, Equatable {
            /// Forward it, stalled from the start when `stalled`.
            case forward(stalled: Bool)
            /// Close it at once with RST.
            case refuse
        }

        package private(set) var state: State = .up

        package init() {}

        /// The link is cut in `mode`. Stall after reset has nothing to stall (no connection is open).
        package mutating func partition(_ mode: PartitionMode) -> PartitionAction {
            let previous = self.state
            self.state = .partitioned(mode)
            switch (previous, mode) {
            case (.up, .stall): return .stallConnections
            case (.partitioned(.stall), .reset), (.up, .reset): return .resetConnections
            case (.partitioned(.stall), .stall), (.partitioned(.reset), _): return .none
            }
        }

        /// The link is restored: stalled connections resume; after a reset, new connections are accepted again.
        package mutating func heal() -> HealAction {
            defer { self.state = .up }
            return self.state == .partitioned(.stall) ? .resumeConnections : .none
        }

        /// A dialer connected to the relay.
        package func connectionAccepted() -> AcceptAction {
            switch self.state {
            case .up: .forward(stalled: false)
            case .partitioned(.stall): .forward(stalled: true)
            case .partitioned(.reset): .refuse
            }
        }
    }
}
