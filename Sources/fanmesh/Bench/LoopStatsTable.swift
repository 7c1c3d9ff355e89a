internal import NIOCore

/// One ``LoopStats`` per event loop of a worker's group, made before any connection and never changed after.
struct LoopStatsTable: Sendable {
    private let table: [ObjectIdentifier: NIOLoopBound<LoopStats>]
    let loops: [any EventLoop]

    private init(loops: [any EventLoop], table: [ObjectIdentifier: NIOLoopBound<LoopStats>]) {
        self.loops = loops
        self.table = table
    }

    /// Makes each loop's stats on that loop.
    static func make(group: any EventLoopGroup) async throws -> LoopStatsTable {
        var loops: [any EventLoop] = []
        var table: [ObjectIdentifier: NIOLoopBound<LoopStats>] = [:]
        for loop in group.makeIterator() {
            loops.append(loop)
            table[ObjectIdentifier(loop)] = try await loop.submit { NIOLoopBound(LoopStats(), eventLoop: loop) }.get()
        }
        return LoopStatsTable(loops: loops, table: table)
    }

    /// The stats of `loop`; read them on `loop` only.
    func bound(to loop: any EventLoop) -> NIOLoopBound<LoopStats> {
        self.table[ObjectIdentifier(loop)]!
    }

    /// Runs `body` on every loop with its stats and gathers the answers.
    func collect<T: Sendable>(_ body: @escaping @Sendable (LoopStats) -> T) async throws -> [T] {
        var results: [T] = []
        for loop in self.loops {
            let stats = self.bound(to: loop)
            results.append(try await loop.submit { body(stats.value) }.get())
        }
        return results
    }
}
