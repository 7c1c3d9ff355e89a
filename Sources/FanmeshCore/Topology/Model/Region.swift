/// A region of the mesh: where it is, its settings, and the nodes that serve it.
package struct Region: Sendable, Equatable {
    /// The region's name (`name`), unique in the topology; message ids and metrics labels use it.
    package var name: String
    /// Where the region is (`location`), for ranking edges by a fan's position.
    package var location: GeoLocation
    /// The absolute path of the region file (`settings`).
    package var settingsFile: String
    /// What the region file sets.
    package var settings: RegionSettings
    /// The region's nodes in file order (`nodes`); a loaded region has at least one.
    package var nodes: [NodeSpec]

    package init(
        name: String,
        location: GeoLocation,
        settingsFile: String,
        settings: RegionSettings = RegionSettings(),
        nodes: [NodeSpec]
    ) {
        self.name = name
        self.location = location
        self.settingsFile = settingsFile
        self.settings = settings
        self.nodes = nodes
    }
}
