import FanmeshCore
import Foundation
import Testing

@Suite("Region file rules")
struct TopologyLoaderRegionRuleTests {
    static let cases: [BrokenRegionCase] = [
        .init(
            rule: "Invalid YAML in a region file names that file and line",
            yaml: "lmdb:\n  sync: [durable\ncache:\n",
            line: 3,
            field: "",
            message: "invalid YAML"
        ),
        .init(
            rule: "An unknown key in a region file suggests the key it was probably meant to be",
            yaml: "limits:\n  rate_mesages: 5\n",
            line: 2,
            field: "limits.rate_mesages",
            message: "unknown key 'rate_mesages'; did you mean 'rate_messages'?"
        ),
        .init(
            rule: "An unknown top-level key in a region file is reported",
            yaml: "data_dir: data\ncaches: {}\n",
            line: 2,
            field: "caches",
            message: "did you mean 'cache'?"
        ),
        .init(
            rule: "sync must be durable or async",
            yaml: "lmdb:\n  sync: fast\n",
            line: 2,
            field: "lmdb.sync",
            message: "must be durable or async, got 'fast'"
        ),
        .init(
            rule: "A size that does not parse is reported with an example of one that does",
            yaml: "cache:\n  memory: 12 parsecs\n",
            line: 2,
            field: "cache.memory",
            message:
                "must be a whole number of bytes, or of KiB, MiB, GiB, TiB, KB, MB, GB or TB like 64MiB, got '12 parsecs'"
        ),
        .init(
            rule: "A map size of zero is too small",
            yaml: "lmdb:\n  map_size: 0\n",
            line: 2,
            field: "lmdb.map_size",
            message: "like 64MiB, at least 1, got '0'"
        ),
        .init(
            rule: "The map size ceiling may not be below the initial map size",
            yaml: "lmdb:\n  map_size: 1GiB\n  max_map_size: 64MiB\n",
            line: 3,
            field: "lmdb.max_map_size",
            message: "must be at least map_size (1GiB), got 64MiB"
        ),
        .init(
            rule: "A group that is not a mapping is the wrong type",
            yaml: "limits: 5\n",
            line: 1,
            field: "limits",
            message: "must be a mapping of keys to values, got '5'"
        ),
        .init(
            rule: "A rate window of zero seconds is reported",
            yaml: "limits:\n  rate_window_seconds: 0\n",
            line: 2,
            field: "limits.rate_window_seconds",
            message: "must be a number of seconds above 0, got '0'"
        ),
        .init(
            rule: "A quoted number is text, and the message says so",
            yaml: "limits:\n  rate_window_seconds: \"30\"\n",
            line: 2,
            field: "limits.rate_window_seconds",
            message: "got '30' in quotes, which makes it text"
        ),
        .init(
            rule: "A negative slow mode is reported",
            yaml: "limits:\n  slow_mode_seconds: -1\n",
            line: 2,
            field: "limits.slow_mode_seconds",
            message: "must be a number of seconds, 0 or more, got '-1'"
        ),
        .init(
            rule: "A load share above 1 is reported",
            yaml: "admission:\n  max_load_share: 1.5\n",
            line: 2,
            field: "admission.max_load_share",
            message: "must be a fraction above 0, at most 1, got '1.5'"
        ),
        .init(
            rule: "A rate of zero messages is not a positive integer",
            yaml: "limits:\n  rate_messages: 0\n",
            line: 2,
            field: "limits.rate_messages",
            message: "must be a positive integer, got '0'"
        ),
        .init(
            rule: "A retention age of zero is not a positive integer",
            yaml: "retention:\n  max_age_seconds: 0\n",
            line: 2,
            field: "retention.max_age_seconds",
            message: "must be a positive integer, got '0'"
        ),
        .init(
            rule: "A retention age in fractions of a second is not a whole number",
            yaml: "retention:\n  max_age_seconds: 1.5\n",
            line: 2,
            field: "retention.max_age_seconds",
            message: "must be a positive integer, got '1.5'"
        ),
        .init(
            rule: "A negative room retention is not a positive integer",
            yaml: "retention:\n  max_messages_per_room: -5\n",
            line: 2,
            field: "retention.max_messages_per_room",
            message: "must be a positive integer, got '-5'"
        ),
        .init(
            rule: "An unknown retention key suggests the key it was probably meant to be",
            yaml: "retention:\n  max_message_per_room: 5\n",
            line: 2,
            field: "retention.max_message_per_room",
            message: "did you mean 'max_messages_per_room'?"
        ),
        .init(
            rule: "anonymous_read_only must be true or false",
            yaml: "anonymous_read_only: sometimes\n",
            line: 1,
            field: "anonymous_read_only",
            message: "must be true or false, got 'sometimes'"
        ),
        .init(
            rule: "A region file that is a list is the wrong type",
            yaml: "- data_dir: data\n",
            line: 1,
            field: "",
            message: "must be a mapping of keys to values, got a list"
        ),
    ]

    @Test("A broken region rule is reported at the region file's line and field", arguments: cases)
    func brokenRule(_ broken: BrokenRegionCase) throws {
        try TopologyFixture.withFiles(alpha: broken.yaml) { file in
            let problems = TopologyFixture.problems(loading: file)
            let regionFile = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("alpha.yaml")
            #expect(problems.count == 1, "\(problems)")
            let problem = try #require(problems.first)
            #expect(problem.file == regionFile.path)
            #expect(problem.line == broken.line)
            #expect(problem.field == broken.field)
            #expect(problem.message.contains(broken.message), "\(problem.message)")
        }
    }

    @Test("An empty region file sets nothing and is not a problem")
    func emptyRegionFile() throws {
        let topology = try TopologyFixture.withFiles(alpha: "# nothing to change\n") {
            try TopologyLoader.load(file: $0)
        }
        var expected = RegionSettings()
        expected.source = topology.regions[0].settings.source
        #expect(topology.regions[0].settings == expected)
    }

    @Test("A region file two regions name is read and reported once")
    func sharedRegionFile() throws {
        let yaml = TopologyFixture.topology([("settings: beta.yaml", "settings: alpha.yaml")])
        let problems = try TopologyFixture.withFiles(topology: yaml, alpha: "lmdb:\n  sync: never\n") {
            TopologyFixture.problems(loading: $0)
        }
        #expect(problems.map(\.field) == ["lmdb.sync"])
    }
}
