package import NIOCore

/// One direction of an emulated link: holds each chunk until its delivery time, never lets a chunk overtake an
/// earlier one, and counts the bytes in flight so the reader can be paused.
///
/// A chunk that arrives at `t` with delay `d` (half the RTT plus its jitter) is due at
/// `max(previous chunk's due time, t + d)`: jitter varies the delay but never reorders a byte stream. While
/// stalled (a partition), nothing is due; on resume the held chunks go out in order at once.
///
/// Bytes are in flight from ``enqueue(_:bytes:arrivedAt:delay:)`` until ``written(bytes:)``, which the owner
/// calls when the sink's write completes (or fails), so a slow sink also holds the source back. Reading pauses
/// when more than ``maxInFlightBytes`` are in flight and resumes once at most half of it is.
package struct DelayLine<Element> {
    package struct Entry {
        package var deliverAt: NIODeadline
        package var element: Element
        package var bytes: Int
    }

    /// The most bytes in flight before reading pauses.
    package let maxInFlightBytes: Int
    private var queue = CircularBuffer<Entry>()
    private var lastDeliverAt = NIODeadline.uptimeNanoseconds(0)
    /// Bytes read from the source and not yet written to the sink: queued, or handed to the sink and unconfirmed.
    package private(set) var inFlightBytes = 0
    /// Whether the source should not be read now.
    package private(set) var isReadingPaused = false
    /// Whether a partition holds every chunk.
    package private(set) var isStalled = false

    package init(maxInFlightBytes: Int) {
        self.maxInFlightBytes = maxInFlightBytes
    }

    /// Chunks waiting for their time (or for the end of a stall).
    package var queuedCount: Int { self.queue.count }

    /// When the head chunk is due; nil while stalled or empty.
    package var nextDeadline: NIODeadline? {
        self.isStalled ? nil : self.queue.first?.deliverAt
    }

    /// Queues `element`; returns when it is due and whether reading must pause now.
    package mutating func enqueue(
        _ element: Element,
        bytes: Int,
        arrivedAt arrival: NIODeadline,
        delay: TimeAmount
    ) -> (deliverAt: NIODeadline, pauseReading: Bool) {
        let deliverAt = max(self.lastDeliverAt, arrival + delay)
        self.lastDeliverAt = deliverAt
        self.queue.append(Entry(deliverAt: deliverAt, element: element, bytes: bytes))
        self.inFlightBytes += bytes
        guard !self.isReadingPaused, self.inFlightBytes > self.maxInFlightBytes else { return (deliverAt, false) }
        self.isReadingPaused = true
        return (deliverAt, true)
    }

    /// Takes the head chunk if it is due at `now` and the line is not stalled.
    package mutating func dequeueDue(now: NIODeadline) -> Entry? {
        guard !self.isStalled, let head = self.queue.first, head.deliverAt <= now else { return nil }
        return self.queue.removeFirst()
    }

    /// Records that `bytes` left the line for good; returns true when reading may resume now.
    package mutating func written(bytes: Int) -> Bool {
        self.inFlightBytes -= bytes
        guard self.isReadingPaused, self.inFlightBytes <= self.maxInFlightBytes / 2 else { return false }
        self.isReadingPaused = false
        return true
    }

    /// Holds every chunk until ``resume()``.
    package mutating func stall() {
        self.isStalled = true
    }

    /// Lets held chunks go, in order; those whose time has passed are due at once.
    package mutating func resume() {
        self.isStalled = false
    }

    /// Drops every queued chunk: a reset link loses what it carried.
    package mutating func discardAll() {
        for entry in self.queue { self.inFlightBytes -= entry.bytes }
        self.queue.removeAll()
    }
}
