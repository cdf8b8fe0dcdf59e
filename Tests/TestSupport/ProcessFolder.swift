import Foundation

/// A folder in the temporary directory that lives as long as the test process, for the fixtures a
/// suite builds once (a synthetic data set, a trained run): `<name>-<pid>`, not created here. The
/// process removes it, with everything in it, when it exits normally; a child process the test
/// binary starts (an exit test) leaves it alone.
public func processFolder(named name: String) -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(getpid())")
    ProcessFolders.shared.register(folder.path)
    return folder
}

/// The folders of `processFolder(named:)`, removed by an exit handler of the process that made them.
private final class ProcessFolders: @unchecked Sendable {
    static let shared = ProcessFolders()
    private let lock = NSLock()
    private var paths: [String] = []
    private let owner = getpid()

    private init() {
        atexit { ProcessFolders.shared.removeAll() }
    }

    func register(_ path: String) {
        lock.withLock { if !paths.contains(path) { paths.append(path) } }
    }

    private func removeAll() {
        guard getpid() == owner else { return }
        for path in lock.withLock({ paths }) { try? FileManager.default.removeItem(atPath: path) }
    }
}
