/// A network address as a topology spells it: `host:port`, `1.2.3.4:port` or `[::1]:port`.
///
/// ``description`` gives back the spelling ``init(parsing:)`` reads, brackets included for IPv6.
package struct HostAndPort: Sendable, Hashable, CustomStringConvertible {
    /// A DNS name, an IPv4 address, or an IPv6 address without brackets.
    package var host: String
    /// The TCP port; 1…65535 when parsed from a topology.
    package var port: Int

    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    package var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
