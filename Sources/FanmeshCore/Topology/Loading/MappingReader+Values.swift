internal import Yams

/// Typed values. Each returns nil when the key is absent (reporting it if required) or after
/// reporting what is wrong with the value, naming what was found.
extension MappingReader {
    /// Any scalar, as text.
    func string(_ key: String, required: Bool = false) -> String? {
        guard let node = value(key, required: required) else { return nil }
        guard case .scalar(let scalar) = node else {
            problem(key, "must be text, got \(node.found)")
            return nil
        }
        return scalar.string
    }

    /// A name used in ids, URLs, file names and metrics labels: ASCII letters, digits, `-` and `_`.
    func name(_ key: String, required: Bool = false) -> String? {
        guard let text = string(key, required: required) else { return nil }
        guard Self.isName(text) else {
            problem(key, "must be 1 to 63 letters, digits, '-' or '_', starting with a letter or digit, got '\(text)'")
            return nil
        }
        return text
    }

    /// `true` or `false` (YAML's `yes`/`no`/`on`/`off` too), unquoted.
    func bool(_ key: String) -> Bool? {
        guard let node = value(key) else { return nil }
        guard node.plainText != nil, node.tag.rawValue == Tag.Name.bool.rawValue, let bool = node.bool else {
            problem(key, "must be true or false, got \(node.foundUnquoted)")
            return nil
        }
        return bool
    }

    /// A whole number of at least `minimum`, unquoted; `_` may group digits.
    func integer(_ key: String, required: Bool = false, minimum: Int) -> Int? {
        guard let node = value(key, required: required) else { return nil }
        guard let text = node.plainText, let number = Int(text.filter { $0 != "_" }), number >= minimum else {
            let expected = minimum == 1 ? "a positive integer" : "an integer of at least \(minimum)"
            problem(key, "must be \(expected), got \(node.foundUnquoted)")
            return nil
        }
        return number
    }

    /// A finite number within `range`, unquoted; `expected` completes "must be …" when it is not.
    func number(_ key: String, required: Bool = false, in range: ClosedRange<Double>, expected: String) -> Double? {
        guard let node = value(key, required: required) else { return nil }
        guard let text = node.plainText, let number = Double(text.filter { $0 != "_" }), number.isFinite,
            range.contains(number)
        else {
            problem(key, "must be \(expected), got \(node.foundUnquoted)")
            return nil
        }
        return number
    }

    /// A size in bytes of at least `minimum`, as ``ByteCount`` reads it.
    func size(_ key: String, minimum: Int) -> Int? {
        guard let node = value(key) else { return nil }
        guard case .scalar(let scalar) = node, let bytes = ByteCount.parse(scalar.string), bytes >= minimum else {
            let floor = minimum > 0 ? ", at least \(minimum)" : ""
            let units = "of bytes, or of KiB, MiB, GiB, TiB, KB, MB, GB or TB like 64MiB"
            problem(key, "must be a whole number \(units)\(floor), got \(node.found)")
            return nil
        }
        return bytes
    }

    /// A non-negative number of seconds, above zero unless `allowZero`.
    func seconds(_ key: String, allowZero: Bool) -> Duration? {
        duration(key, unit: "seconds", allowZero: allowZero).map { .seconds($0) }
    }

    /// A non-negative number of milliseconds, above zero unless `allowZero`.
    func milliseconds(_ key: String, required: Bool = false, allowZero: Bool) -> Duration? {
        duration(key, required: required, unit: "milliseconds", allowZero: allowZero).map { .milliseconds($0) }
    }

    /// A `host:port` address as ``HostAndPort/init(parsing:)`` reads it.
    func address(_ key: String, required: Bool = false) -> HostAndPort? {
        guard let node = value(key, required: required) else { return nil }
        guard case .scalar(let scalar) = node, let address = HostAndPort(parsing: scalar.string) else {
            problem(key, "must be host:port, [IPv6]:port or IPv4:port with a port from 1 to 65535, got \(node.found)")
            return nil
        }
        return address
    }

    /// A file path, made absolute against `directory` (the folder of the file being read).
    func path(_ key: String, required: Bool = false, against directory: String) -> String? {
        guard let text = string(key, required: required) else { return nil }
        guard !text.isEmpty else {
            problem(key, "must be a file path")
            return nil
        }
        return FilePaths.resolve(text, against: directory)
    }

    /// A list of scalars as text; each item that is not a scalar is reported at its own path.
    func strings(_ key: String, names: Bool = false) -> [String]? {
        guard let items = list(key) else { return nil }
        return items.compactMap { node, path in
            guard case .scalar(let scalar) = node, !node.isNull else {
                report.add(path, line: node.line, "must be text, got \(node.found)")
                return nil
            }
            guard !names || Self.isName(scalar.string) else {
                report.add(path, line: node.line, "must be 1 to 63 letters, digits, '-' or '_', got \(node.found)")
                return nil
            }
            return scalar.string
        }
    }

    private func duration(_ key: String, required: Bool = false, unit: String, allowZero: Bool) -> Double? {
        let range = (allowZero ? 0 : Double.leastNonzeroMagnitude)...Double.greatestFiniteMagnitude
        let expected = allowZero ? "a number of \(unit), 0 or more" : "a number of \(unit) above 0"
        return number(key, required: required, in: range, expected: expected)
    }

    private static func isName(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter || first.isNumber, text.utf8.count <= 63 else {
            return false
        }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
