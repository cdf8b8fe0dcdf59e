import Foundation
import PosixFiles

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A run directory held by this process alone: an advisory lock (`flock`) on its `.lock` file,
/// which the system releases when the process ends, however it ends, so a crashed run never
/// leaves it stuck. While held, no other `metalearn` writes there, so leftover temporary files of
/// an interrupted write are removed. A folder holding anything but a run's files is refused.
final class RunDirectory {
    /// The folder.
    let url: URL
    /// The open lock file; the lock lasts as long as it is open.
    private let lockDescriptor: Int32
    /// Whether this process created the folder (removed again by `discardIfUnused`).
    private let created: Bool

    /// The names a run writes; anything else in the folder is not ours to overwrite.
    static let runFiles: Set<String> = [
        "spec.json", "metrics.jsonl", "checkpoint.json", "best.json", "pretraining-checkpoint.json",
        "pretraining-best.json", "result.json", "report.md", "curves.svg", TensorBoardLog.folderName, lockName,
    ]
    static let lockName = ".lock"

    /// Creates the folder if needed, takes its lock, refuses a folder holding other files (or a run's
    /// files without the `spec.json` that makes them a run), and removes the temporary files an
    /// interrupted write left behind.
    init(_ url: URL) throws(RunError) {
        self.url = url
        let path = url.path
        created = !FileManager.default.fileExists(atPath: path)
        do {
            try FileIO.makeDirectory(path)
        } catch {
            throw .unusableDirectory(directory: path, reason: "cannot create it: \(error.reason)")
        }
        let lockPath = url.appendingPathComponent(Self.lockName).path
        let descriptor: Int32
        do {
            descriptor = try FileIO.openRegularFile(lockPath, flags: O_RDWR | O_CREAT).descriptor
        } catch {
            throw .unusableDirectory(directory: path, reason: "cannot open its lock file: \(error.reason)")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? FileIO.readText(lockPath))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw .directoryInUse(directory: path, holder: holder.flatMap(Int32.init))
        }
        lockDescriptor = descriptor
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let temporary = names.filter(Self.isTemporary)
        // A run's files without its spec.json are another run's remains (or a copy of them), not ours.
        let ownsRunFiles = names.contains("spec.json")
        if let foreign = names.sorted().first(where: { name in
            !Self.isTemporary(name) && name != Self.lockName && (!Self.runFiles.contains(name) || !ownsRunFiles)
        }) {
            // Every property is set, so `deinit` runs and closes the lock file: closing it here too
            // would close whatever file another thread opened under the same number meanwhile.
            throw .foreignFiles(directory: path, example: foreign)
        }
        for name in temporary {
            try? FileManager.default.removeItem(at: url.appendingPathComponent(name))
        }
    }

    deinit {
        close(lockDescriptor)
    }

    /// Whether the folder holds any of a run's files (the lock file aside).
    var holdsRunFiles: Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).contains { $0 != Self.lockName }
    }

    /// Removes the folder when this process created it and wrote nothing but the lock into it, so a
    /// run that fails on its spec or data leaves no directory behind.
    func discardIfUnused() {
        guard created, !holdsRunFiles else { return }
        try? FileManager.default.removeItem(at: url)
    }

    /// Whether a process holds the run directory at `url` now (its lock is taken); false when it has no lock file.
    static func isHeld(_ url: URL) -> Bool {
        let descriptor = open(url.appendingPathComponent(lockName).path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return true }
        _ = flock(descriptor, LOCK_UN)
        return false
    }

    /// A temporary file of an atomic write: `.<name>.tmp-<pid>-<n>`.
    static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(".") && name.contains(".tmp-")
    }
}
