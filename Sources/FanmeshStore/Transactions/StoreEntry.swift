/// One key and its value, copied out of the map.
package struct StoreEntry: Sendable, Hashable {
    package var key: [UInt8]
    package var value: [UInt8]

    package init(key: [UInt8], value: [UInt8]) {
        self.key = key
        self.value = value
    }
}
