/// The length rule for a message's text, in UTF-8 bytes and in grapheme clusters (characters as people count them).
package struct MessageTextRule: Sendable {
    package var maxBytes: Int
    package var maxGraphemes: Int

    package init(maxBytes: Int, maxGraphemes: Int) {
        self.maxBytes = maxBytes
        self.maxGraphemes = maxGraphemes
    }

    /// Nil when `text` may be posted, else the refusal.
    package func check(_ text: String) -> ChatError? {
        let bytes = text.utf8.count
        if bytes == 0 { return ChatError(.badRequest, "\"text\" is empty") }
        if bytes > self.maxBytes {
            return ChatError(.tooLong, "the message has \(bytes) bytes; at most \(self.maxBytes) are allowed")
        }
        // Counting graphemes walks the string, so do it only when the byte count allows a violation.
        if bytes > self.maxGraphemes {
            let graphemes = text.count
            if graphemes > self.maxGraphemes {
                return ChatError(
                    .tooLong,
                    "the message has \(graphemes) characters; at most \(self.maxGraphemes) are allowed"
                )
            }
        }
        return nil
    }
}
