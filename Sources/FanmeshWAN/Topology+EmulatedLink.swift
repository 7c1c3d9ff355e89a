package import FanmeshCore

extension Topology {
    /// The emulated link between regions `a` and `b` (either order), or why there is none: an unknown region,
    /// the same region twice, or no `links` entry for the pair.
    package func emulatedLink(_ a: String, _ b: String) throws(WANError) -> Link {
        let known = self.regions.map(\.name)
        for name in [a, b] where !known.contains(name) {
            throw WANError.unknownRegion(name, known: known)
        }
        guard a != b else { throw WANError(.badRequest, "a link joins two different regions; got \(a) twice") }
        guard let link = self.link(between: a, and: b) else { throw WANError.noLink(a, b) }
        return link
    }
}
