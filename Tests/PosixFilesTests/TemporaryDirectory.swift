import Foundation

/// A scratch folder under the system temporary directory, removed when released.
final class TemporaryDirectory: @unchecked Sendable {
    private static let counter = NSLock()
    nonisolated(unsafe) private static var next = 0

    let path: String

    init(_ label: String) {
        TemporaryDirectory.counter.lock()
        TemporaryDirectory.next += 1
        let n = TemporaryDirectory.next
        TemporaryDirectory.counter.unlock()
        path = NSTemporaryDirectory() + "posixfiles-tests-\(getpid())-\(label)-\(n)"
        try? FileManager.default.removeItem(atPath: path)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

extension Array where Element == UInt8 {
    /// The file's bytes, read through Foundation rather than the module under test.
    init(contentsOfFile path: String) throws {
        self = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
