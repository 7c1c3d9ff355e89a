import Foundation

/// A running StoreCrashProbe child (see `Tests/StoreCrashProbe/main.swift`) and its standard output.
struct StoreCrashProbeProcess {
    let process: Process
    private let output: FileHandle

    /// Starts the probe on `path`, committing `count` transactions of `valueBytes`-byte values.
    ///
    /// - Returns: `nil` when the probe binary cannot be found next to the test binary.
    static func launch(path: String, count: Int = 1_000_000, valueBytes: Int = 0) throws -> StoreCrashProbeProcess? {
        guard let executable = Self.executable() else { return nil }
        let process = Process()
        process.executableURL = executable
        process.arguments = [path, String(count), String(valueBytes)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        return StoreCrashProbeProcess(process: process, output: pipe.fileHandleForReading)
    }

    /// Reads the probe's output on a thread of its own until `stop` says so for the output so far, then kills the
    /// probe with SIGKILL, reads what it printed before dying, and waits for it to exit. A watchdog kills it after
    /// two minutes, so a stuck probe fails the test instead of hanging it.
    ///
    /// - Returns: all the probe printed.
    func kill(when stop: @escaping @Sendable (String) -> Bool) async throws -> String {
        let pid = self.process.processIdentifier
        let output = self.output
        let watchdog = DispatchWorkItem { _ = Foundation.kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        let text = try await onNewThread {
            var text = ""
            var killed = false
            while case let chunk = output.availableData, !chunk.isEmpty {
                text += String(decoding: chunk, as: UTF8.self)
                if !killed, stop(text) {
                    _ = Foundation.kill(pid, SIGKILL)
                    killed = true
                }
            }
            return text
        }
        watchdog.cancel()
        self.process.waitUntilExit()
        return text
    }

    /// The largest k of the complete `committed k` lines in `text`, or 0.
    static func highestCommit(in text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: true)
            .dropLast(text.hasSuffix("\n") ? 0 : 1)
            .compactMap { line in line.hasPrefix("committed ") ? Int(line.dropFirst("committed ".count)) : nil }
            .max() ?? 0
    }

    /// The StoreCrashProbe SwiftPM built next to this test binary (`.build/<triple>/debug/`), found from
    /// `/proc/self/exe` or the main bundle, looking a few directories up for bundle layouts.
    private static func executable() -> URL? {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .map { URL(fileURLWithPath: $0) } ?? Bundle.main.executableURL
        guard var directory = executable?.deletingLastPathComponent() else { return nil }
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("StoreCrashProbe")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }
}
