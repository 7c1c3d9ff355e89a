package import FanmeshCore

/// A message with its position in its room on this node: what fans receive as `msg`.
package struct StoredMessage: Sendable, Equatable {
    package var message: ChatMessage
    /// This node's position of the message in its room; strictly increasing in commit order.
    package var position: UInt64

    package init(message: ChatMessage, position: UInt64) {
        self.message = message
        self.position = position
    }
}
