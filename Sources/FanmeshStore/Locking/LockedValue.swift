/// A value that is read and changed only while holding its lock.
final class LockedValue<Value> {
    private let lock = ConditionLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        try self.lock.withLock { try body(&self.value) }
    }
}

extension LockedValue: @unchecked Sendable where Value: Sendable {}  // `value` is only touched under `lock`
