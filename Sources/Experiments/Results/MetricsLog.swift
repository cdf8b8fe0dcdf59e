import Foundation
import PosixFiles

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A run's `metrics.jsonl`: one `MetricsRecord` per line, appended as training goes.
///
/// A crash can cut the last line short; reading ignores a final line without its newline, and
/// `truncate(keeping:)` removes it.
public struct MetricsLog: Sendable {
    /// The file.
    public let url: URL

    /// The log at `url` (created by the first `append`).
    public init(url: URL) {
        self.url = url
    }

    /// Appends one line. Each line is one `write` to a file opened for appending, so a crash loses at most
    /// that line.
    public func append(_ record: MetricsRecord) throws(RunFileError) {
        var line = (try? RunJSON.encoder(pretty: false).encode(record)) ?? Data()
        line.append(UInt8(ascii: "\n"))
        let descriptor: Int32
        do {
            descriptor = try FileIO.openRegularFile(url.path, flags: O_WRONLY | O_APPEND | O_CREAT).descriptor
        } catch {
            throw .unwritable(path: url.path, reason: error.reason)
        }
        defer { close(descriptor) }
        let written = line.withUnsafeBytes { AtomicWrite.writeAll($0, to: descriptor) }
        guard written else { throw .unwritable(path: url.path, reason: String(cString: strerror(errno))) }
    }

    /// Every complete record, in file order; none when the file does not exist yet.
    /// - Throws: `RunFileError.malformed` naming the line of a record that does not decode.
    public func records() throws(RunFileError) -> [MetricsRecord] {
        try lines().map(\.record)
    }

    /// Keeps the records that `isKept` accepts and drops the rest, including a cut-short last line, by
    /// rewriting the file atomically; the kept lines are unchanged byte for byte. Resuming from a
    /// checkpoint calls this with the records up to it, so that no iteration is logged twice.
    public func truncate(keeping isKept: (MetricsRecord) -> Bool) throws(RunFileError) {
        let kept = try lines().filter { isKept($0.record) }
        try AtomicFile.write(kept.map { $0.text + "\n" }.joined(), to: url)
    }

    /// The complete lines with their decoded records.
    private func lines() throws(RunFileError) -> [(text: String, record: MetricsRecord)] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let contents: String
        do {
            contents = try FileIO.readText(url.path)
        } catch {
            throw .unreadable(path: url.path, reason: error.reason)
        }
        var lines = contents.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // empty after the final newline, or a line cut short
        let decoder = RunJSON.decoder()
        var result: [(text: String, record: MetricsRecord)] = []
        for (number, line) in lines.enumerated() where !line.isEmpty {
            do {
                result.append((String(line), try decoder.decode(MetricsRecord.self, from: Data(line.utf8))))
            } catch {
                throw .malformed(
                    path: url.path, reason: "line \(number + 1): \(RunJSON.reason(error, decoding: Data(line.utf8)))")
            }
        }
        return result
    }
}
