internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#endif

/// Reads the server's memory and CPU from `/proc`: resident set (`VmRSS` of `/proc/PID/status`) and user plus
/// system time (`utime`, `stime` of `/proc/PID/stat`), summed over its processes (nginx has a master and workers).
struct ServerProbe: Sendable {
    let pids: [Int32]

    /// Resident memory of all the server's processes, in bytes.
    func residentBytes() -> Int {
        self.pids.reduce(0) { total, pid in
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
                let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
            else { return total }
            return total + kib * 1024
        }
    }

    /// CPU time the server's processes have used, user plus system, in seconds.
    func cpuSeconds() -> Double {
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        let ticks = self.pids.reduce(0) { total, pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return total }
            // After "pid (comm)" come the fields from state (3) on; utime and stime are fields 14 and 15.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { return total }
            return total + user + system
        }
        return Double(ticks) / ticksPerSecond
    }

    /// The processes holding a listening TCP socket on `port` (every nginx worker holds its master's).
    static func pids(listeningOn port: Int) -> [Int32] {
        var inodes = Set<String>()
        let hexPort = String(format: ":%04X", port)
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = try? String(contentsOfFile: table, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count > 9, fields[1].hasSuffix(hexPort), fields[3] == "0A" else { continue }
                inodes.insert("socket:[\(fields[9])]")
            }
        }
        guard !inodes.isEmpty, let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else {
            return []
        }
        var found: [Int32] = []
        for entry in entries {
            guard let pid = Int32(entry), pid != getpid() else { continue }
            guard let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else { continue }
            for fd in fds {
                if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)"),
                    inodes.contains(link)
                {
                    found.append(pid)
                    break
                }
            }
        }
        return found.sorted()
    }
}
