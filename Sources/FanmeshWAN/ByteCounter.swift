internal import Synchronization

/// A running total of bytes, added to on an event loop and read from anywhere (status).
package final class ByteCounter: Sendable {
    private let value = Atomic<Int>(0)

    package init() {}

    package func add(_ bytes: Int) {
        self.value.add(bytes, ordering: .relaxed)
    }

    package var total: Int {
        self.value.load(ordering: .relaxed)
    }
}
