internal import ArgumentParser
internal import FanmeshCore

internal import Foundation

/// Loads a topology for a subcommand: on problems prints each as `file:line: field: what is wrong` to standard error
/// and exits 1.
enum TopologyFile {
    static func load(_ path: String) throws -> Topology {
        do {
            return try TopologyLoader.load(file: path)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
    }
}

/// Writes one line to standard error.
func printError(_ message: String) {
    var text = message
    if !text.hasSuffix("\n") { text += "\n" }
    FileHandle.standardError.write(Data(text.utf8))
}
