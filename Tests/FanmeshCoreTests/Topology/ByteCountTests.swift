import FanmeshCore
import Testing

@Suite("Sizes in region files")
struct ByteCountTests {
    static let good: [(String, Int)] = [
        ("0", 0), ("16384", 16384), ("16_384", 16384), ("512B", 512), ("1KiB", 1024), ("64MiB", 64 << 20),
        ("64 MiB", 64 << 20), (" 2GiB ", 2 << 30), ("1TiB", 1 << 40), ("1KB", 1000), ("5MB", 5_000_000),
        ("2GB", 2_000_000_000), ("3TB", 3_000_000_000_000), ("64mib", 64 << 20), ("2gb", 2_000_000_000),
    ]

    static let bad: [String] = [
        "", "MiB", "-1", "-64MiB", "1.5GiB", "64 MiB B", "64MiBs", "64M", "64k", "_64", "0x40", "sixty-four",
        "12 parsecs", "99999999999999999999", "9000000000TiB",
    ]

    @Test("A size parses to its number of bytes", arguments: good)
    func parsesGood(_ text: String, _ bytes: Int) {
        #expect(ByteCount.parse(text) == bytes)
    }

    @Test("Text that is not a size, or does not fit, does not parse", arguments: bad)
    func rejectsBad(_ text: String) {
        #expect(ByteCount.parse(text) == nil)
    }

    @Test(
        "A size is formatted in the largest binary unit that divides it",
        arguments: [
            (64 << 20, "64MiB"), (1536 << 10, "1536KiB"), (4 << 30, "4GiB"), (2 << 40, "2TiB"), (100, "100B"),
            (0, "0B"),
        ]
    )
    func formats(_ bytes: Int, _ text: String) {
        #expect(ByteCount.format(bytes) == text)
        #expect(ByteCount.parse(text) == bytes)
    }
}
