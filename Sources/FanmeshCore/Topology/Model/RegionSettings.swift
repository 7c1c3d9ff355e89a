/// What a region file (`regions/*.yaml`) sets, exactly as written: every value is optional.
///
/// Defaults live in the modules that use these values. Each maps them in its own file
/// (`ChatHub+RegionSettings.swift`): start from its `Configuration()` and override what is set. When
/// a module rejects a value, ``source`` names where it came from:
/// `settings.source.problem(at: "limits.rate_messages", "must be at most 1000")` describes itself as
/// `regions/seoul.yaml:7: limits.rate_messages: must be at most 1000`.
package struct RegionSettings: Sendable, Equatable {
    /// The absolute base folder for node data (`data_dir`, relative to the region file); a node
    /// stores in `<data_dir>/<node id>`.
    package var dataDirectory: String?
    /// The LMDB environment (`lmdb`).
    package var lmdb = LMDB()
    /// The HLS cache budgets (`cache`).
    package var cache = Cache()
    /// Chat and connection limits (`limits`).
    package var limits = Limits()
    /// How fast fans are let in (`admission`).
    package var admission = Admission()
    /// How much chat history the region's nodes keep (`retention`).
    package var retention = Retention()
    /// Whether fans without a token may read but not send (`anonymous_read_only`).
    package var anonymousReadOnly: Bool?
    /// The file and the line of every value set, keyed by YAML path like `limits.rate_messages`.
    package var source = SourceLines(file: "")

    package init() {}
}
