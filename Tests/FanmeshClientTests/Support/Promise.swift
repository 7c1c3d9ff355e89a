/// A one-shot value several tasks can wait for.
actor Promise<Value: Sendable> {
    private var value: Value?
    private var waiters: [CheckedContinuation<Value, Never>] = []

    func complete(_ value: Value) {
        guard self.value == nil else { return }
        self.value = value
        for waiter in self.waiters {
            waiter.resume(returning: value)
        }
        self.waiters = []
    }

    func wait() async -> Value {
        if let value { return value }
        return await withCheckedContinuation { self.waiters.append($0) }
    }
}
