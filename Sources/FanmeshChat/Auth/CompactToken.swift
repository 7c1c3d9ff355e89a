internal import Foundation

/// A token split into its three base64url parts and checked for shape, before any key is tried.
///
/// Reads only the header's `alg`: every trusted key of that algorithm is tried, so `kid` is checked for type and
/// otherwise ignored. The claims are decoded after the signature checks out.
struct CompactToken {
    /// The header's `alg`, such as `HS256`.
    var algorithm: String
    /// Whether the third part is not empty.
    var hasSignature: Bool

    init(_ token: String) throws(AuthRefusal) {
        let segments = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard segments.count == 3 else {
            throw .malformed("a JWT has three parts joined by dots, this one has \(segments.count)")
        }
        guard !segments[0].isEmpty, let headerData = Self.decode(base64URL: segments[0]) else {
            throw .malformed("the header is not base64url")
        }
        guard !segments[1].isEmpty, Self.decode(base64URL: segments[1]) != nil else {
            throw .malformed("the claims are not base64url")
        }
        guard Self.decode(base64URL: segments[2]) != nil else {
            throw .malformed("the signature is not base64url")
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: headerData)
        } catch {
            throw .malformed("the header is not a JSON object with a string `alg`")
        }
        guard let algorithm = header.alg else {
            throw .malformed("the header has no `alg`")
        }
        self.algorithm = algorithm
        self.hasSignature = !segments[2].isEmpty
    }

    /// The bytes of an unpadded base64url segment, or nil when it holds anything else.
    static func decode(base64URL segment: some Collection<UInt8>) -> Data? {
        var base64 = [UInt8]()
        base64.reserveCapacity(segment.count + 3)
        for byte in segment {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                base64.append(byte)
            case UInt8(ascii: "-"): base64.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): base64.append(UInt8(ascii: "/"))
            default: return nil
            }
        }
        switch base64.count % 4 {
        case 0: break
        case 2: base64.append(contentsOf: "==".utf8)
        case 3: base64.append(UInt8(ascii: "="))
        default: return nil
        }
        return Data(base64Encoded: Data(base64))
    }

    private struct Header: Decodable {
        var alg: String?
        var kid: String?
    }
}
