import FewShotData
import Foundation

/// A scratch folder under the system temporary directory, removed when released.
final class TemporaryDirectory: @unchecked Sendable {
    private static let counter = NSLock()
    nonisolated(unsafe) private static var next = 0

    let path: String

    init(_ label: String = "tree") {
        TemporaryDirectory.counter.lock()
        TemporaryDirectory.next += 1
        let n = TemporaryDirectory.next
        TemporaryDirectory.counter.unlock()
        path = NSTemporaryDirectory() + "fewshotdata-tests-\(getpid())-\(label)-\(n)"
        try? FileManager.default.removeItem(atPath: path)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `bytes` at `relative`, creating folders.
    func write(_ relative: String, _ bytes: [UInt8]) {
        let full = path + "/" + relative
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        precondition(FileManager.default.createFile(atPath: full, contents: Data(bytes)), "cannot write \(full)")
    }

    /// Creates a folder, or an empty file, at `relative` given as the file system's bytes (a name
    /// need not be UTF-8); its parent must exist.
    func create(_ relative: [UInt8], folder: Bool) {
        let full = Array(path.utf8) + [UInt8(ascii: "/")] + relative + [0]
        let status = full.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { name in
                folder ? mkdir(name.baseAddress!, 0o755) : creat(name.baseAddress!, 0o644)
            }
        }
        precondition(status >= 0, "cannot create \(relative)")
        if !folder { close(status) }
    }

    /// A uniform gray `size` x `size` PNG whose value is `value`.
    static func flatPNG(_ value: UInt8, size: Int = 8) -> [UInt8] {
        try! PNGFormat.encode(RasterImage(width: size, height: size, format: .gray, pixels: [UInt8](repeating: value, count: size * size)))
    }

    /// An Omniglot-style tree: `classes[alphabet] = [character: imageCount]`, each image a flat
    /// PNG whose value is distinct per (class order, image).
    static func omniglot(_ classes: [(String, [(String, Int)])], size: Int = 8) -> TemporaryDirectory {
        let tree = TemporaryDirectory("omniglot")
        var value = 0
        for (alphabet, characters) in classes {
            for (character, count) in characters {
                for i in 0..<count {
                    tree.write("\(alphabet)/\(character)/\(String(format: "%02d", i)).png", flatPNG(UInt8(value % 256), size: size))
                    value += 1
                }
            }
        }
        return tree
    }
}

extension Array where Element == UInt8 {
    init(contentsOfFile path: String) throws {
        self = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
