// The child process of the store's crash test.
//
// Usage: StoreCrashProbe DATA_DIR [COUNT [VALUE_BYTES]]
// Opens DATA_DIR with durable sync, then commits COUNT transactions (default 1,000,000), each putting key k
// (a big-endian UInt64) with the value "value k" (zero-padded to VALUE_BYTES), and prints "committed k" after each
// commit returns, then "done", then waits to be killed. The crash test kills it with SIGKILL part way; every k it
// printed must be in the store when reopened.
import FanmeshStore
import Foundation

let arguments = CommandLine.arguments
guard (2...4).contains(arguments.count),
    let count = Int(arguments.count >= 3 ? arguments[2] : "1000000"),
    let valueBytes = Int(arguments.count == 4 ? arguments[3] : "0")
else {
    FileHandle.standardError.write(Data("usage: StoreCrashProbe DATA_DIR [COUNT [VALUE_BYTES]]\n".utf8))
    exit(64)
}

var configuration = LMDBEnvironment.Configuration()
configuration.path = arguments[1]
configuration.sync = .durable

do {
    let store = try LMDBEnvironment(configuration: configuration)
    let table = try store.table("crash_probe")
    for sequence in 1...max(count, 1) {
        var key = KeyEncoder()
        key.append(UInt64(sequence))
        let bytes = key.bytes
        var value = Array("value \(sequence)".utf8)
        value += repeatElement(0, count: max(valueBytes - value.count, 0))
        try await store.writeAsync { [value] transaction in
            try transaction.put(value, forKey: bytes, in: table)
        }
        FileHandle.standardOutput.write(Data("committed \(sequence)\n".utf8))
    }
    FileHandle.standardOutput.write(Data("done\n".utf8))
    while true {
        sleep(60)
    }
} catch {
    FileHandle.standardError.write(Data("StoreCrashProbe: \(error)\n".utf8))
    exit(1)
}
