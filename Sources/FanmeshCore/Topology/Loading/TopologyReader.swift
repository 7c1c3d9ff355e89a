internal import Foundation
internal import Yams

/// Reads a topology file's node tree into a ``Topology``, reading the region files it names on the
/// way, and reports every problem it finds rather than stopping at the first.
///
/// Dotted paths name fields by position (`regions[0].nodes[1].capacity`), so a field has a path even
/// when its region or node has no valid name. The reader returns a topology only when it found no
/// problem in the topology file.
final class TopologyReader {
    let report: FileReport
    /// The absolute folder of the topology file, against which the paths it names are resolved.
    let directory: String
    /// The same folder as the user spelled it, for naming region files in problems.
    let displayDirectory: String
    /// One report per region file read, in the order the topology first names them.
    private(set) var regionReports: [FileReport] = []
    /// Region files already read, by absolute path; nil when one could not be read.
    var regionFiles: [String: RegionSettings?] = [:]
    /// The line of each region name, in file order, for duplicates and for checking links.
    var regionNames: [(name: String, line: Int)] = []
    /// The line of each node id, for duplicates.
    var nodeIDs: [String: Int] = [:]
    /// Where each address was first used, keyed with the host in lower case.
    var addresses: [HostAndPort: (field: String, line: Int)] = [:]

    init(report: FileReport, directory: String, displayDirectory: String) {
        self.report = report
        self.directory = directory
        self.displayDirectory = displayDirectory
    }

    func read(_ root: Node, sourceFile: String) -> Topology? {
        let keys = ["name", "demo", "admin", "auth", "tls", "origins", "regions", "links"]
        guard let file = MappingReader(root, path: "", keys: keys, report: report) else { return nil }
        let name = file.name("name", required: true)
        let demo = file.bool("demo") ?? false
        let admin = file.address("admin")
        if let admin { use(admin, as: "admin") }
        let auth = readAuth(file.mapping("auth", keys: ["hs256_key", "es256_public_keys"], required: true))
        let tls = file.mapping("tls", keys: ["ca", "cert_dir"]).flatMap(readTLS)
        let origins = readOrigins(file.list("origins") ?? [])
        let regions = readRegions(file)
        let links = readLinks(file.list("links") ?? [])
        guard let name, let auth, report.problems.isEmpty else { return nil }
        return Topology(
            name: name,
            sourceFile: sourceFile,
            demo: demo,
            admin: admin,
            auth: auth,
            tls: tls,
            origins: origins,
            regions: regions,
            links: links,
            source: report.source
        )
    }

    /// Records that `address` is used by `field`, reporting it if something else uses it already.
    func use(_ address: HostAndPort, as field: String) {
        let line = report.lines[field] ?? 1
        let key = HostAndPort(host: address.host.lowercased(), port: address.port)
        if let first = addresses[key] {
            report.add(field, line: line, "address \(address) is already used by \(first.field) at line \(first.line)")
        } else {
            addresses[key] = (field, line)
        }
    }

    /// The region file a region names, read once however many regions name it.
    func regionSettings(_ text: String, for region: MappingReader) -> RegionSettings? {
        let absolutePath = FilePaths.resolve(text, against: directory)
        if let settings = regionFiles[absolutePath] { return settings }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolutePath, isDirectory: &isDirectory), !isDirectory.boolValue
        else {
            region.problem("settings", "region file not found: looked for \(absolutePath)")
            return nil
        }
        let regionReport = FileReport(file: FilePaths.resolve(text, against: displayDirectory))
        regionReports.append(regionReport)
        let settings = RegionSettingsReader.read(absolutePath, into: regionReport)
        regionFiles[absolutePath] = .some(settings)
        return settings
    }

    private func readAuth(_ auth: MappingReader?) -> AuthSettings? {
        guard let auth else { return nil }
        let key = auth.string("hs256_key", required: true)
        let keyFiles = auth.strings("es256_public_keys") ?? []
        guard let key else { return nil }
        guard key.utf8.count >= 32 else {
            auth.problem("hs256_key", "must be at least 32 bytes, got \(key.utf8.count)")
            return nil
        }
        return AuthSettings(
            hs256Key: key,
            es256PublicKeyFiles: keyFiles.map { FilePaths.resolve($0, against: directory) }
        )
    }

    private func readTLS(_ tls: MappingReader) -> TLSSettings? {
        let caFile = tls.path("ca", required: true, against: directory)
        let certDirectory = tls.path("cert_dir", required: true, against: directory)
        guard let caFile, let certDirectory else { return nil }
        return TLSSettings(caFile: caFile, certDirectory: certDirectory)
    }
}
