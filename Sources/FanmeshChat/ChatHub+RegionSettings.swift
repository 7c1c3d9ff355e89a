package import FanmeshCore

extension ChatHub.Configuration {
    /// The defaults overridden by what a region file sets.
    package init(region settings: RegionSettings) {
        self.init()
        let limits = settings.limits
        if let value = limits.maxFrameBytes { self.maxFrameBytes = value }
        if let value = limits.maxMessageBytes { self.maxMessageBytes = value }
        if let value = limits.maxMessageGraphemes { self.maxMessageGraphemes = value }
        if let value = limits.rateMessages { self.rateMessages = value }
        if let value = limits.rateWindow { self.rateWindow = value }
        if let value = limits.slowMode { self.defaultSlowMode = value }
        if let value = limits.maxRoomsPerConnection { self.maxRoomsPerConnection = value }
        if let value = limits.maxConnectionsPerAddress { self.maxConnectionsPerAddress = value }
        if let value = limits.outboundBudgetBytes { self.outboundBudgetBytes = value }
        if let value = limits.batchWindow { self.batchWindow = value }
        if let value = settings.anonymousReadOnly { self.anonymousReadOnly = value }
        if let value = settings.retention.maxAge { self.retentionMaxAge = value }
        if let value = settings.retention.maxMessagesPerRoom { self.retentionMaxMessagesPerRoom = value }
    }
}
