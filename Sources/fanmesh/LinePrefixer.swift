internal import Foundation
internal import Synchronization


/// Merges several processes' output into standard output, whole lines only, each behind its source's name.
///
/// Thread-safe: each source's pipe is read on its own queue.
final class LinePrefixer: Sendable {
    private let width: Int
    private let partial = Mutex<[String: [UInt8]]>([:])

    /// - Parameter sources: the names that will write, to align the prefixes.
    init(sources: [String]) {
        self.width = sources.map(\.count).max() ?? 0
    }

    /// Prints every complete line in `bytes` behind `source`'s name and keeps the rest for the next write.
    func write(_ bytes: [UInt8], source: String) {
        let lines: [ArraySlice<UInt8>] = self.partial.withLock { partial in
            var pending = partial[source, default: []]
            pending.append(contentsOf: bytes)
            guard let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) else {
                partial[source] = pending
                return []
            }
            partial[source] = Array(pending[(lastNewline + 1)...])
            return pending[..<lastNewline].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        }
        self.emit(lines, source: source)
    }

    /// Prints what is left of `source`'s output when its pipe closes.
    func finish(source: String) {
        let rest = self.partial.withLock { $0.removeValue(forKey: source) ?? [] }
        if !rest.isEmpty { self.emit([rest[...]], source: source) }
    }

    /// Prints a line of the supervisor's own, behind `mesh`.
    func say(_ line: String) {
        self.emit([Array(line.utf8)[...]], source: "mesh")
    }

    private func emit(_ lines: [ArraySlice<UInt8>], source: String) {
        guard !lines.isEmpty else { return }
        let prefix = source.padding(toLength: max(self.width, 4), withPad: " ", startingAt: 0) + " | "
        var text = ""
        for line in lines {
            text += prefix + String(decoding: line, as: UTF8.self) + "\n"
        }
        self.partial.withLock { _ in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
