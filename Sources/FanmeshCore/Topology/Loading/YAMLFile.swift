internal import Foundation
internal import Yams

/// Reads a YAML file into Yams' node tree, whose nodes know their lines, turning a missing file or
/// invalid YAML into a problem in the file's report.
enum YAMLFile {
    /// The root node of the file at `absolutePath`, or nil after reporting why there is none.
    ///
    /// - Parameter emptyIsMapping: Whether a file with no document (only comments, or nothing) reads
    ///   as an empty mapping rather than a problem.
    static func read(_ absolutePath: String, emptyIsMapping: Bool = false, into report: FileReport) -> Node? {
        guard let data = FileManager.default.contents(atPath: absolutePath) else {
            let reason = FileManager.default.fileExists(atPath: absolutePath) ? "cannot be read" : "does not exist"
            report.add("", line: 1, "file \(reason) (looked for \(absolutePath))")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            report.add("", line: 1, "file is not UTF-8 text")
            return nil
        }
        return compose(text, emptyIsMapping: emptyIsMapping, into: report)
    }

    /// The root node of the YAML document `text`, or nil after reporting why there is none.
    static func compose(_ text: String, emptyIsMapping: Bool, into report: FileReport) -> Node? {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                if emptyIsMapping { return .mapping(Node.Mapping([])) }
                report.add("", line: 1, "the file is empty")
                return nil
            }
            return root
        } catch let error as YamlError {
            let (line, message) = describe(error, in: text)
            report.add("", line: line, message)
            return nil
        } catch {
            report.add("", line: 1, "invalid YAML: \(error)")
            return nil
        }
    }

    /// The line of a Yams error and a one-line message without Yams' snippet of the source.
    private static func describe(_ error: YamlError, in text: String) -> (line: Int, message: String) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let context = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return (mark.line, "invalid YAML: \(problem)\(context)")
        case .reader(let problem, let offset, _, _):
            let line = offset.map { offset in text.prefix(offset).reduce(1) { $1 == "\n" ? $0 + 1 : $0 } } ?? 1
            return (line, "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return (context.mark.line, "invalid YAML: key \(keys) appears more than once in one mapping")
        default:
            return (1, "invalid YAML: \(error)")
        }
    }
}

extension Node {
    /// The 1-based line the node starts on.
    var line: Int {
        mark?.line ?? 1
    }

    /// Whether the node is an empty value, `~` or `null`, unquoted.
    var isNull: Bool {
        if case .scalar = self { tag.rawValue == Tag.Name.null.rawValue } else { false }
    }

    /// The text of an unquoted scalar; quoted text is a string, never a number or a boolean.
    var plainText: String? {
        guard case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any else { return nil }
        return scalar.string
    }

    /// ``found``, saying when a scalar is quoted, for values that must be unquoted numbers or booleans.
    var foundUnquoted: String {
        plainText == nil && scalar != nil ? "\(found) in quotes, which makes it text" : found
    }

    /// What the node is, for a message saying it is the wrong kind: `'abc'`, `a list`, `a mapping`.
    var found: String {
        switch self {
        case .scalar(let scalar): "'\(scalar.string)'"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }
}
