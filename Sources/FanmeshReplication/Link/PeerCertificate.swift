internal import NIOCore
internal import NIOSSL
internal import SwiftASN1
internal import X509

/// Ties a peer's claimed node id to its certificate on a TLS mesh: the mesh CA vouches for the certificate, and the
/// certificate must name the node (as its subject common name or a DNS subject alternative name).
enum PeerCertificate {
    /// The names a certificate is valid for: its subject common names and DNS alternative names.
    static func names(of certificate: NIOSSLCertificate) -> Set<String> {
        guard let der = try? certificate.toDERBytes(), let parsed = try? Certificate(derEncoded: der) else { return [] }
        var names = Set<String>()
        for rdn in parsed.subject {
            for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                names.insert(String(describing: attribute.value))
            }
        }
        if let alternatives = try? parsed.extensions.subjectAlternativeNames {
            for name in alternatives {
                if case .dnsName(let dns) = name { names.insert(dns) }
            }
        }
        return names
    }

    /// Nil when `channel` is not TLS or its peer's certificate names `node`; otherwise why the peer is refused.
    static func problem(channel: any Channel, claimedNode node: String) async -> String? {
        guard let certificate = try? await channel.nioSSL_peerCertificate().get() else {
            return nil
        }
        let names = Self.names(of: certificate)
        return names.contains(node) ? nil : "certificate names \(names.sorted()), not \(node)"
    }
}
