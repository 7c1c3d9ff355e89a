#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The clock every bench process shares: `CLOCK_MONOTONIC` is one clock for the whole machine on Linux, so a send
/// time written by one process can be subtracted from a receive time read in another.
enum BenchClock {
    /// Nanoseconds since an arbitrary, machine-wide start.
    static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
