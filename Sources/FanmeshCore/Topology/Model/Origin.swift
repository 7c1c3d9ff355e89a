/// An origin packager the edges fetch HLS from: one entry of a topology's `origins`.
package struct Origin: Sendable, Equatable {
    /// The origin's name (`name`), unique in the topology.
    package var name: String
    /// The base URL (`url`), `http://` or `https://` with a host.
    package var url: String
    /// The stream names served from this origin (`streams`); each stream has one origin.
    package var streams: [String]

    package init(name: String, url: String, streams: [String]) {
        self.name = name
        self.url = url
        self.streams = streams
    }
}
