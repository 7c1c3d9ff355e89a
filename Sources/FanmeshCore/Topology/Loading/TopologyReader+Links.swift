internal import Foundation
internal import Yams

extension TopologyReader {
    /// The origins that read without a problem. Names are unique, and each stream has one origin.
    func readOrigins(_ items: [(node: Node, path: String)]) -> [Origin] {
        var names: [String: Int] = [:]
        var streams: [String: String] = [:]
        return items.compactMap { node, path in
            guard let origin = MappingReader(node, path: path, keys: ["name", "url", "streams"], report: report)
            else { return nil }
            let name = origin.name("name", required: true)
            if let name {
                if let line = names[name] {
                    origin.problem("name", "origin '\(name)' is already defined at line \(line)")
                } else {
                    names[name] = report.lines[origin.field("name")] ?? origin.line
                }
            }
            let url = origin.string("url", required: true)
            if let url, !Self.isHTTPURL(url) {
                origin.problem("url", "must be an http:// or https:// URL with a host, got '\(url)'")
            }
            let served = origin.strings("streams", names: true) ?? []
            for stream in served {
                if let other = streams[stream] {
                    origin.problem("streams", "stream '\(stream)' is already served by \(other)")
                } else {
                    streams[stream] = path
                }
            }
            guard let name, let url else { return nil }
            return Origin(name: name, url: url, streams: served)
        }
    }

    /// The links that read without a problem. Each joins two known, different regions, once.
    func readLinks(_ items: [(node: Node, path: String)]) -> [Link] {
        var pairs: [[String]: Int] = [:]
        return items.compactMap { node, path in
            guard let link = MappingReader(node, path: path, keys: ["between", "rtt_ms", "jitter_ms"], report: report)
            else { return nil }
            let regions = link.value("between", required: true) != nil ? readBetween(link) : nil
            let rtt = link.milliseconds("rtt_ms", required: true, allowZero: true)
            let jitter = link.milliseconds("jitter_ms", allowZero: true) ?? .zero
            guard let regions, let rtt else { return nil }
            let line = report.lines[link.field("between")] ?? link.line
            if let first = pairs[regions.sorted()] {
                link.problem(
                    "between",
                    "the link between \(regions[0]) and \(regions[1]) is already listed at line \(first)"
                )
                return nil
            }
            pairs[regions.sorted()] = line
            return Link(between: regions[0], and: regions[1], rtt: rtt, jitter: jitter)
        }
    }

    /// The two regions of a link's `between`, when both are known and they differ.
    private func readBetween(_ link: MappingReader) -> [String]? {
        guard let regions = link.strings("between") else { return nil }
        guard regions.count == 2 else {
            link.problem("between", "must name two regions, like [seoul, frankfurt], got \(regions.count)")
            return nil
        }
        let known = regionNames.map(\.name)
        let unknown = regions.filter { !known.contains($0) }
        for name in unknown {
            link.problem("between", "names unknown region '\(name)'; regions are \(known.joined(separator: ", "))")
        }
        if unknown.isEmpty, regions[0] == regions[1] {
            link.problem("between", "links region '\(regions[0])' to itself")
            return nil
        }
        return unknown.isEmpty ? regions : nil
    }

    private static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host else {
            return false
        }
        return (scheme == "http" || scheme == "https") && !host.isEmpty
    }
}
