import Foundation

/// A flag one task sets and reader threads poll.
final class StopFlag: @unchecked Sendable {  // `value` is only touched under `lock`
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { self.lock.withLock { self.value } }

    func set() {
        self.lock.withLock { self.value = true }
    }
}
