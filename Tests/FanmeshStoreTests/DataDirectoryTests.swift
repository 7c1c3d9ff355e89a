import FanmeshStore
import Foundation
import Testing

@Suite("Data directory errors")
struct DataDirectoryTests {
    @Test("A data directory under a regular file fails with an error naming the file and the path")
    func underAFile() async throws {
        try await withTemporaryDirectory { root in
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            let file = root + "/occupied"
            #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
            let path = file + "/store/data"
            let error = #expect(throws: StoreError.self) {
                _ = try LMDBEnvironment(configuration: testConfiguration(path: path))
            }
            #expect(error?.code == .notADirectory)
            #expect(error?.path == path)
            #expect(error?.description.contains("(\(path)): ENOTDIR — \(file) is a file, not a directory") == true)
            #expect(error?.description.contains("data_dir") == true)
        }
    }

    @Test("A data directory path that is a file fails saying it is a file")
    func isAFile() async throws {
        try await withTemporaryDirectory { root in
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            let file = root + "/data.mdb"
            #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
            let error = #expect(throws: StoreError.self) {
                _ = try LMDBEnvironment(configuration: testConfiguration(path: file))
            }
            #expect(error?.code == .notADirectory)
            #expect(error?.description.contains("\(file) is a file, not a directory") == true)
        }
    }

    @Test("A data directory the system will not create fails with an error naming the path")
    func uncreatable() throws {
        let path = "/proc/fanmesh-store-\(UUID().uuidString)/data"
        let error = #expect(throws: StoreError.self) {
            _ = try LMDBEnvironment(configuration: testConfiguration(path: path))
        }
        #expect(error?.operation == "mkdir")
        #expect(error?.description.contains("/proc/fanmesh-store-") == true)
        #expect(error?.fix.contains("data_dir") == true)
        #expect(error?.status != nil)
    }
}
