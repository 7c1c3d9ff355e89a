/// A connection that posts load when told to: open-loop at a rate, or closed-loop (the next send when the last is
/// answered). Both calls happen on the sender's event loop.
protocol LoadSender: AnyObject {
    /// Starts posting: `interval` apart, or, with nil, closed-loop.
    func startSending(interval: Duration?)
    func stopSending()
}
