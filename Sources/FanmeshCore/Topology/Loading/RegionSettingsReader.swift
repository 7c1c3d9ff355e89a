internal import Yams

/// Reads a region file (`regions/*.yaml`) into ``RegionSettings``: every key is optional, and every
/// value is checked for its kind and range, not against any module's defaults.
enum RegionSettingsReader {
    /// The settings in the region file at `absolutePath`, or nil when the file is not YAML or not a
    /// mapping; problems with single values leave those values unset. An empty file sets nothing.
    static func read(_ absolutePath: String, into report: FileReport) -> RegionSettings? {
        guard let root = YAMLFile.read(absolutePath, emptyIsMapping: true, into: report) else { return nil }
        let keys = ["data_dir", "lmdb", "cache", "limits", "admission", "retention", "anonymous_read_only"]
        guard let file = MappingReader(root, path: "", keys: keys, report: report) else { return nil }
        var settings = RegionSettings()
        settings.dataDirectory = file.path("data_dir", against: FilePaths.directory(of: absolutePath))
        settings.lmdb = lmdb(file.mapping("lmdb", keys: ["map_size", "max_map_size", "max_tables", "sync"]))
        settings.cache = cache(file.mapping("cache", keys: ["memory", "disk"]))
        settings.limits = limits(file)
        settings.admission = admission(file.mapping("admission", keys: ["sessions_per_second", "max_load_share"]))
        settings.retention = retention(file.mapping("retention", keys: ["max_age_seconds", "max_messages_per_room"]))
        settings.anonymousReadOnly = file.bool("anonymous_read_only")
        settings.source = report.source
        return settings
    }

    private static func lmdb(_ reader: MappingReader?) -> RegionSettings.LMDB {
        var lmdb = RegionSettings.LMDB()
        guard let reader else { return lmdb }
        lmdb.mapSizeBytes = reader.size("map_size", minimum: 1)
        lmdb.maxMapSizeBytes = reader.size("max_map_size", minimum: 1)
        lmdb.maxTables = reader.integer("max_tables", minimum: 1)
        if let text = reader.string("sync") {
            lmdb.sync = RegionSettings.SyncMode(rawValue: text)
            if lmdb.sync == nil { reader.problem("sync", "must be durable or async, got '\(text)'") }
        }
        if let initial = lmdb.mapSizeBytes, let ceiling = lmdb.maxMapSizeBytes, ceiling < initial {
            let sizes = "map_size (\(ByteCount.format(initial))), got \(ByteCount.format(ceiling))"
            reader.problem("max_map_size", "must be at least \(sizes)")
        }
        return lmdb
    }

    private static func cache(_ reader: MappingReader?) -> RegionSettings.Cache {
        var cache = RegionSettings.Cache()
        cache.memoryBytes = reader?.size("memory", minimum: 0)
        cache.diskBytes = reader?.size("disk", minimum: 0)
        return cache
    }

    private static func limits(_ file: MappingReader) -> RegionSettings.Limits {
        let keys = [
            "max_frame_bytes", "max_message_bytes", "max_message_graphemes", "rate_messages",
            "rate_window_seconds", "slow_mode_seconds", "max_rooms_per_connection",
            "max_connections_per_address", "outbound_budget_bytes", "batch_window_ms",
        ]
        var limits = RegionSettings.Limits()
        guard let reader = file.mapping("limits", keys: keys) else { return limits }
        limits.maxFrameBytes = reader.size("max_frame_bytes", minimum: 1)
        limits.maxMessageBytes = reader.size("max_message_bytes", minimum: 1)
        limits.maxMessageGraphemes = reader.integer("max_message_graphemes", minimum: 1)
        limits.rateMessages = reader.integer("rate_messages", minimum: 1)
        limits.rateWindow = reader.seconds("rate_window_seconds", allowZero: false)
        limits.slowMode = reader.seconds("slow_mode_seconds", allowZero: true)
        limits.maxRoomsPerConnection = reader.integer("max_rooms_per_connection", minimum: 1)
        limits.maxConnectionsPerAddress = reader.integer("max_connections_per_address", minimum: 1)
        limits.outboundBudgetBytes = reader.size("outbound_budget_bytes", minimum: 1)
        limits.batchWindow = reader.milliseconds("batch_window_ms", allowZero: true)
        return limits
    }

    private static func admission(_ reader: MappingReader?) -> RegionSettings.Admission {
        var admission = RegionSettings.Admission()
        admission.sessionsPerSecond = reader?.integer("sessions_per_second", minimum: 1)
        let share = Double.leastNonzeroMagnitude...1
        admission.maxLoadShare = reader?.number("max_load_share", in: share, expected: "a fraction above 0, at most 1")
        return admission
    }

    private static func retention(_ reader: MappingReader?) -> RegionSettings.Retention {
        var retention = RegionSettings.Retention()
        retention.maxAge = reader?.integer("max_age_seconds", minimum: 1).map { .seconds($0) }
        retention.maxMessagesPerRoom = reader?.integer("max_messages_per_room", minimum: 1)
        return retention
    }
}
