/// Mutual TLS between peers: a topology's `tls` mapping.
///
/// The loader checks only the shape; a node checks that its files exist when it starts, so a
/// production topology can be validated on a machine that holds none of its certificates.
package struct TLSSettings: Sendable, Equatable {
    /// Absolute path of the mesh CA certificate (`ca`), which every peer's certificate must chain to.
    package var caFile: String
    /// Absolute path of the folder holding `<node-id>.pem` and `<node-id>.key` (`cert_dir`).
    package var certDirectory: String

    package init(caFile: String, certDirectory: String) {
        self.caFile = caFile
        self.certDirectory = certDirectory
    }

    /// The certificate chain a node presents: `<cert_dir>/<node-id>.pem`.
    package func certificateFile(forNode nodeID: String) -> String {
        certDirectory + "/" + nodeID + ".pem"
    }

    /// The private key of a node's certificate: `<cert_dir>/<node-id>.key`.
    package func keyFile(forNode nodeID: String) -> String {
        certDirectory + "/" + nodeID + ".key"
    }
}
