/// A point on Earth in degrees: a region's `location: {lat, lon}`.
package struct GeoLocation: Sendable, Equatable {
    /// The latitudes the loader accepts, in degrees north.
    package static let latitudes: ClosedRange<Double> = -90...90
    /// The longitudes the loader accepts, in degrees east.
    package static let longitudes: ClosedRange<Double> = -180...180

    /// Degrees north of the equator (`lat`), within ``latitudes``.
    package var latitude: Double
    /// Degrees east of Greenwich (`lon`), within ``longitudes``.
    package var longitude: Double

    package init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }
}
