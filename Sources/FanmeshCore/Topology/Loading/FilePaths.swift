internal import Foundation

/// Lexical path arithmetic for files a topology names: no symlinks are followed and nothing is
/// touched, so a path the user typed relative stays relative for messages.
enum FilePaths {
    /// `path` joined to `directory` unless it is absolute, with `.` and `..` folded away.
    static func resolve(_ path: String, against directory: String) -> String {
        normalize(path.hasPrefix("/") ? path : directory + "/" + path)
    }

    /// `path` made absolute against the current directory.
    static func absolute(_ path: String) -> String {
        resolve(path, against: FileManager.default.currentDirectoryPath)
    }

    /// The folder holding `path`: `topology` for `topology/local.yaml`, `.` for `local.yaml`.
    static func directory(of path: String) -> String {
        resolve("..", against: path)
    }

    /// `path` without empty and `.` parts, and with each `..` cancelling the part before it; a
    /// relative path keeps the `..` parts that reach above its start.
    static func normalize(_ path: String) -> String {
        let isAbsolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part != ".." {
                parts.append(part)
            } else if let last = parts.last, last != ".." {
                parts.removeLast()
            } else if !isAbsolute {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return isAbsolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
