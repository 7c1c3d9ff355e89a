internal import Yams

/// Reads one YAML mapping for the loader, knowing which keys it may hold.
///
/// Unknown keys are reported as the reader is made, with the closest known key when one is a
/// likely misspelling. Each value read records its line under its dotted path, and a value that is
/// missing or of the wrong kind becomes a problem in the file's report rather than an error.
struct MappingReader {
    /// The dotted path of this mapping: `""` for a file's root, `regions[0].location` below it.
    let path: String
    /// The line the mapping starts on, for problems with a key that is missing.
    let line: Int
    let report: FileReport
    private let keys: [String]
    private let entries: [String: (keyLine: Int, value: Node)]

    /// A reader of `node`, or nil after reporting that `node` is not a mapping.
    ///
    /// - Parameter line: Where to report missing keys: the line of the key that holds this mapping,
    ///   by default the line the mapping starts on.
    init?(_ node: Node, path: String, line: Int? = nil, keys: [String], report: FileReport) {
        guard case .mapping(let mapping) = node else {
            report.add(path, line: node.line, "must be a mapping of keys to values, got \(node.found)")
            return nil
        }
        self.path = path
        self.line = line ?? node.line
        self.report = report
        self.keys = keys
        var entries: [String: (keyLine: Int, value: Node)] = [:]
        for (key, value) in mapping {
            let name = key.scalar?.string ?? key.found
            entries[name] = (key.line, value)
            guard !keys.contains(name) else { continue }
            let suggestion = EditDistance.closest(to: name, in: keys).map { "; did you mean '\($0)'?" } ?? ""
            report.add(Self.join(path, name), line: key.line, "unknown key '\(name)'\(suggestion)")
        }
        self.entries = entries
    }

    /// The dotted path of `key` in this mapping.
    func field(_ key: String) -> String {
        Self.join(path, key)
    }

    /// The value under `key`, or nil when it is absent or null, after reporting it if `required`.
    func value(_ key: String, required: Bool = false) -> Node? {
        assert(keys.contains(key), "\(key) is not a known key of \(path)")
        guard let entry = entries[key], !entry.value.isNull else {
            if required {
                let line = entries[key]?.keyLine ?? line
                report.add(field(key), line: line, entries[key] == nil ? "is required" : "needs a value")
            }
            return nil
        }
        report.record(field(key), line: entry.value.line)
        return entry.value
    }

    /// The mapping under `key`, with its own known keys; its missing keys are reported at `key`'s line.
    func mapping(_ key: String, keys: [String], required: Bool = false) -> MappingReader? {
        value(key, required: required).flatMap {
            MappingReader($0, path: field(key), line: entries[key]?.keyLine, keys: keys, report: report)
        }
    }

    /// The items of the list under `key`, each with its dotted path (`regions[2]`).
    func list(_ key: String, required: Bool = false) -> [(node: Node, path: String)]? {
        guard let node = value(key, required: required) else { return nil }
        guard case .sequence(let sequence) = node else {
            report.add(field(key), line: node.line, "must be a list, got \(node.found)")
            return nil
        }
        return sequence.enumerated().map { index, item in
            let itemPath = "\(field(key))[\(index)]"
            report.record(itemPath, line: item.line)
            return (item, itemPath)
        }
    }

    /// Reports `message` about `key`, at the line of its value or else of this mapping.
    func problem(_ key: String, _ message: String) {
        report.add(field(key), line: report.lines[field(key)] ?? line, message)
    }

    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }
}
