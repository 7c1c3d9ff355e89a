/// A byte count as people read it: `4 GiB`, `64 KiB`, `1.5 MiB`, `700 bytes`.
struct ByteCountText: CustomStringConvertible, Sendable {
    let bytes: Int

    init(_ bytes: Int) {
        self.bytes = bytes
    }

    var description: String {
        let units = ["GiB", "MiB", "KiB"]
        for (index, unit) in units.enumerated() {
            let scale = 1 << (10 * (units.count - index))
            guard self.bytes >= scale else { continue }
            if self.bytes % scale == 0 {
                return "\(self.bytes / scale) \(unit)"
            }
            let tenths = (self.bytes * 10 + scale / 2) / scale
            return "\(tenths / 10).\(tenths % 10) \(unit)"
        }
        return "\(self.bytes) bytes"
    }
}
