#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif
internal import Foundation

/// The process figures Prometheus names `process_*`, read from `/proc/self` on Linux at scrape time.
package struct ProcessStats: Sendable, Equatable {
    package var cpuSeconds: Double
    package var residentMemoryBytes: Int
    package var virtualMemoryBytes: Int
    package var openFileDescriptors: Int
    package var maxFileDescriptors: Int
    /// Seconds since the Unix epoch.
    package var startTimeSeconds: Double

    /// Reads the current figures; fields the platform does not expose stay 0.
    package static func current() -> ProcessStats {
        var stats = ProcessStats(
            cpuSeconds: 0,
            residentMemoryBytes: 0,
            virtualMemoryBytes: 0,
            openFileDescriptors: 0,
            maxFileDescriptors: 0,
            startTimeSeconds: 0
        )
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            stats.maxFileDescriptors = limit.rlim_cur >= rlim_t(Int.max) ? Int.max : Int(limit.rlim_cur)
        }
        #if os(Linux)
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
            let fields = statm.split(separator: " ")
            if fields.count >= 2 {
                stats.virtualMemoryBytes = (Int(fields[0]) ?? 0) * pageSize
                stats.residentMemoryBytes = (Int(fields[1]) ?? 0) * pageSize
            }
        }
        if let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let afterName = stat.lastIndex(of: ")")
        {
            // Fields after the command name, which may itself hold spaces; field 3 (state) is index 0 here.
            let fields = stat[stat.index(after: afterName)...].split(separator: " ")
            if fields.count > 19 {
                let ticks = (Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)
                stats.cpuSeconds = ticks / ticksPerSecond
                stats.startTimeSeconds = Self.bootTimeSeconds() + (Double(fields[19]) ?? 0) / ticksPerSecond
            }
        }
        stats.openFileDescriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
        #endif
        return stats
    }

    private static func bootTimeSeconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return 0 }
        for line in stat.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst("btime ".count)) ?? 0
        }
        return 0
    }
}
