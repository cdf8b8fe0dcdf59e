import Foundation
import PosixFiles

/// Writes the runner's files so that a reader, or a crash, sees either the old contents or the new
/// ones, never a mix: every file the runner writes goes through here.
public enum AtomicFile {
    /// Replaces the file at `url` by `data` through `AtomicWrite`, durably: flushed to disk, then
    /// renamed over `url`, then the directory flushed. The directory must exist. On failure the old
    /// file is untouched.
    public static func write(_ data: Data, to url: URL) throws(RunFileError) {
        do {
            try AtomicWrite.replace(url.path, durable: true) { descriptor in
                data.withUnsafeBytes { AtomicWrite.writeAll($0, to: descriptor) }
            }
        } catch {
            throw .unwritable(path: url.path, reason: error.reason)
        }
    }

    /// Writes `text` as UTF-8, atomically as `write(_:to:)`.
    public static func write(_ text: String, to url: URL) throws(RunFileError) {
        try write(Data(text.utf8), to: url)
    }
}
