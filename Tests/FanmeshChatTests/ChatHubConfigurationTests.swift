import FanmeshChat
import FanmeshCore
import Testing

@Suite("Chat configuration from a region file")
struct ChatHubConfigurationTests {
    @Test("A region file that sets nothing gives the defaults")
    func emptyRegion() {
        #expect(ChatHub.Configuration(region: RegionSettings()) == ChatHub.Configuration())
    }

    @Test("Every chat value a region file sets is carried into the configuration")
    func everyFieldMapped() {
        var settings = RegionSettings()
        settings.limits.maxFrameBytes = 1_001
        settings.limits.maxMessageBytes = 1_002
        settings.limits.maxMessageGraphemes = 1_003
        settings.limits.rateMessages = 1_004
        settings.limits.rateWindow = .seconds(1_005)
        settings.limits.slowMode = .seconds(1_006)
        settings.limits.maxRoomsPerConnection = 1_007
        settings.limits.maxConnectionsPerAddress = 1_008
        settings.limits.outboundBudgetBytes = 1_009
        settings.limits.batchWindow = .milliseconds(1_010)
        settings.anonymousReadOnly = true
        settings.retention.maxAge = .seconds(1_011)
        settings.retention.maxMessagesPerRoom = 1_012

        let configuration = ChatHub.Configuration(region: settings)
        #expect(configuration.maxFrameBytes == 1_001)
        #expect(configuration.maxMessageBytes == 1_002)
        #expect(configuration.maxMessageGraphemes == 1_003)
        #expect(configuration.rateMessages == 1_004)
        #expect(configuration.rateWindow == .seconds(1_005))
        #expect(configuration.defaultSlowMode == .seconds(1_006))
        #expect(configuration.maxRoomsPerConnection == 1_007)
        #expect(configuration.maxConnectionsPerAddress == 1_008)
        #expect(configuration.outboundBudgetBytes == 1_009)
        #expect(configuration.batchWindow == .milliseconds(1_010))
        #expect(configuration.anonymousReadOnly == true)
        #expect(configuration.retentionMaxAge == .seconds(1_011))
        #expect(configuration.retentionMaxMessagesPerRoom == 1_012)

        // What region files cannot set keeps its default.
        let defaults = ChatHub.Configuration()
        #expect(configuration.historyPageSize == defaults.historyPageSize)
        #expect(configuration.replayWindow == defaults.replayWindow)
        #expect(configuration.maxPendingSends == defaults.maxPendingSends)
        #expect(configuration.maxCommitBatch == defaults.maxCommitBatch)
        #expect(configuration.presenceInterval == defaults.presenceInterval)
        #expect(configuration.compactionInterval == defaults.compactionInterval)
        #expect(configuration.maxCompactionDeletionsPerTransaction == defaults.maxCompactionDeletionsPerTransaction)
    }

    @Test("The values set above differ from every default, so a dropped one would show")
    func valuesAreNotDefaults() {
        let defaults = ChatHub.Configuration()
        #expect(defaults.maxFrameBytes != 1_001 && defaults.maxMessageBytes != 1_002)
        #expect(defaults.maxMessageGraphemes != 1_003 && defaults.rateMessages != 1_004)
        #expect(defaults.rateWindow != .seconds(1_005) && defaults.defaultSlowMode != .seconds(1_006))
        #expect(defaults.maxRoomsPerConnection != 1_007 && defaults.maxConnectionsPerAddress != 1_008)
        #expect(defaults.outboundBudgetBytes != 1_009 && defaults.batchWindow != .milliseconds(1_010))
        #expect(defaults.anonymousReadOnly == false)
        #expect(defaults.retentionMaxAge != .seconds(1_011) && defaults.retentionMaxMessagesPerRoom != 1_012)
    }

    @Test("The test above covers every field of the region file's limits and retention")
    func limitsFieldCount() {
        let fields = Mirror(reflecting: RegionSettings.Limits()).children.compactMap(\.label)
        #expect(fields.count == 10, "RegionSettings.Limits changed: map and test the new field \(fields)")
        let retention = Mirror(reflecting: RegionSettings.Retention()).children.compactMap(\.label)
        #expect(retention.count == 2, "RegionSettings.Retention changed: map and test the new field \(retention)")
    }

    @Test("A slow mode of zero in a region file turns the default off explicitly")
    func zeroSlowMode() {
        var settings = RegionSettings()
        settings.limits.slowMode = .zero
        settings.limits.batchWindow = .zero
        let configuration = ChatHub.Configuration(region: settings)
        #expect(configuration.defaultSlowMode == .zero)
        #expect(configuration.batchWindow == .zero)
    }
}
