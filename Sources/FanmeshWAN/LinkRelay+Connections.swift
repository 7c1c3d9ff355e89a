internal import NIOCore
internal import Synchronization

extension LinkRelay {
    /// The relay's partition state and its open connections, shared by the accepting event loops and whoever
    /// partitions or heals. Commands to connections are dispatched while the lock is held, so two commands reach
    /// every connection in the order the state machine saw them.
    final class Connections: Sendable {
        /// One channel of a connection and the handler that reads it.
        struct Side: Sendable {
            var channel: any Channel
            var handler: NIOLoopBound<LinkDelayHandler>
        }

        /// A connection stays here until both its channels closed: a side whose peer closed still has bytes
        /// (and the close) to deliver, and must still hear stall, resume and reset.
        private struct Open {
            var dialerSide: Side
            var acceptorSide: Side?
            var openChannels = 1
        }

        private struct State {
            var machine = StateMachine()
            var open: [Int: Open] = [:]
            var nextID = 0
        }

        private let state = Mutex(State())
        /// Bytes delivered from dialers to the acceptor.
        let toAcceptor = ByteCounter()
        /// Bytes delivered from the acceptor to dialers.
        let toDialer = ByteCounter()

        var machineState: StateMachine.State {
            self.state.withLock { $0.machine.state }
        }

        var count: Int {
            self.state.withLock { $0.open.count }
        }

        /// A dialer connected; called on its channel's loop. Returns the connection's id when it is forwarded,
        /// and whether it starts stalled.
        func accepted(_ side: Side) -> (id: Int, stalled: Bool)? {
            self.state.withLock { state in
                switch state.machine.connectionAccepted() {
                case .refuse:
                    return nil
                case .forward(let stalled):
                    let id = state.nextID
                    state.nextID += 1
                    state.open[id] = Open(dialerSide: side)
                    return (id, stalled)
                }
            }
        }

        /// The relay reached the acceptor for connection `id`; called on its loop. Returns whether the new side
        /// starts stalled, or nil when the connection was reset or closed meanwhile.
        func connected(_ side: Side, id: Int) -> Bool? {
            self.state.withLock { state in
                guard state.open[id] != nil else { return nil }
                state.open[id]?.acceptorSide = side
                state.open[id]?.openChannels += 1
                return state.machine.state == .partitioned(.stall)
            }
        }

        /// One channel of connection `id` closed.
        func closed(id: Int) {
            self.state.withLock { state in
                state.open[id]?.openChannels -= 1
                if state.open[id]?.openChannels == 0 { state.open.removeValue(forKey: id) }
            }
        }

        func partition(_ mode: PartitionMode) {
            self.state.withLock { state in
                switch state.machine.partition(mode) {
                case .stallConnections:
                    Self.send(to: state.open.values) { $0.stall() }
                case .resetConnections:
                    Self.send(to: state.open.values) { $0.reset() }
                    state.open.removeAll()
                case .none:
                    break
                }
            }
        }

        func heal() {
            self.state.withLock { state in
                switch state.machine.heal() {
                case .resumeConnections: Self.send(to: state.open.values) { $0.resume() }
                case .none: break
                }
            }
        }

        /// Closes every connection with RST, as when the relay shuts down.
        func resetAll() {
            self.state.withLock { state in
                Self.send(to: state.open.values) { $0.reset() }
                state.open.removeAll()
            }
        }

        private static func send(
            to connections: Dictionary<Int, Open>.Values,
            _ command: @escaping @Sendable (LinkDelayHandler) -> Void
        ) {
            for connection in connections {
                for side in [connection.dialerSide, connection.acceptorSide].compactMap(\.self) {
                    side.channel.eventLoop.execute { command(side.handler.value) }
                }
            }
        }
    }
}
