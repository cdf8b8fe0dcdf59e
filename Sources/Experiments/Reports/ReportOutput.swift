import Foundation
import PosixFiles

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The folder `metalearn report` writes its page into: one it creates, or, when asked to replace, one
/// it made before (holding its `index.html` and nothing else). Anything else is refused and left as it was.
public enum ReportOutput {
    /// The page's file name in the folder.
    public static let pageName = "index.html"
    /// The line that opens every page the tool writes, and tells its folders from others.
    static let signature = "<!DOCTYPE html>\n<!-- metalearn report -->\n"

    /// Writes `page` as `directory/index.html` through a temporary file renamed over it. `directory`
    /// must not exist, or with `replacing` be a report folder this tool made.
    /// - Throws: `ReportError` naming the path; nothing is written then.
    public static func write(_ page: String, to directory: String, replacing: Bool) throws(ReportError) {
        let created = try check(directory, replacing: replacing)
        let url = URL(fileURLWithPath: directory).appendingPathComponent(pageName)
        do {
            if created { try FileIO.makeDirectory(directory) }
            try AtomicFile.write(page, to: url)
        } catch let error as RunFileError {
            if created { try? FileManager.default.removeItem(atPath: directory) }
            if case .unwritable(let path, let reason) = error { throw .unwritable(path: path, reason: reason) }
            throw .unwritable(path: url.path, reason: "\(error)")
        } catch {
            if created { try? FileManager.default.removeItem(atPath: directory) }
            throw .unwritable(path: directory, reason: "\((error as? FileIO.Failure)?.reason ?? "\(error)")")
        }
    }

    /// Whether `directory` is to be created (true) or is a report folder to replace the page in (false).
    /// - Throws: `ReportError.outputExists` without `replacing`, `.notAReportFolder` for anything not ours.
    static func check(_ directory: String, replacing: Bool) throws(ReportError) -> Bool {
        guard let type = (try? FileManager.default.attributesOfItem(atPath: directory))?[.type] as? FileAttributeType
        else { return true }
        guard type == .typeDirectory else {
            throw .notAReportFolder(path: directory, reason: "exists and is not a folder")
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
            !RunDirectory.isTemporary($0)
        }
        if let other = names.sorted().first(where: { $0 != pageName }) {
            throw .notAReportFolder(path: directory, reason: "holds \(other)")
        }
        let page = URL(fileURLWithPath: directory).appendingPathComponent(pageName).path
        guard opening(of: page).hasPrefix(signature) else {
            throw .notAReportFolder(
                path: directory,
                reason: names.isEmpty ? "is a folder without a report" : "holds an index.html it did not write")
        }
        guard replacing else { throw .outputExists(path: directory) }
        return false
    }

    /// The first bytes of the regular file at `path` as text; empty when it cannot be read.
    private static func opening(of path: String) -> String {
        guard let (descriptor, size) = try? FileIO.openRegularFile(path) else { return "" }
        defer { close(descriptor) }
        guard size >= signature.utf8.count else { return "" }
        var bytes = [UInt8](repeating: 0, count: signature.utf8.count)
        guard bytes.withUnsafeMutableBytes({ FileIO.readExactly(descriptor, $0.baseAddress!, $0.count) }) else {
            return ""
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
