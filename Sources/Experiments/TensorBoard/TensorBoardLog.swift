import Foundation
import PosixFiles

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A run's TensorBoard log, `RUN/tensorboard/`: one event file named as TensorBoard's writers name
/// theirs (`events.out.tfevents.<seconds>.<host>`), kept as a view of `metrics.jsonl`. Its first
/// event holds the file version; then each metrics record is one event (`MetricsRecord`'s
/// `tensorBoardEvent(startTime:)`), appended right after the record is.
///
/// `owner.json` beside it records the run the folder belongs to (its spec's SHA-256) and the event
/// file's name. A folder with another run's owner record, or with files that are not its own, is
/// not this run's to write: opening it throws `RunError.foreignTensorBoardLog`, before anything is
/// written. Only the process holding the run directory opens its log.
public struct TensorBoardLog: Sendable {
    /// The folder's name in the run directory.
    public static let folderName = "tensorboard"
    /// The owner record's name in the folder.
    static let ownerName = "owner.json"

    /// The event file.
    public let eventFile: URL
    /// The wall time of the first event; a record's event is `seconds` after it.
    private let startTime: Double

    private init(folder: URL, owner: TensorBoardOwner) {
        eventFile = folder.appendingPathComponent(owner.eventFile)
        startTime = Double(owner.startTime)
    }

    /// Throws `RunError.foreignTensorBoardLog` unless the run directory's TensorBoard folder is absent,
    /// empty, or this run's: its owner record names the spec of SHA-256 `specSHA256`, and it holds
    /// nothing but that record, its event file and temporary files of an interrupted write. Writes nothing.
    public static func checkOwnership(in runDirectory: URL, specSHA256: String) throws(RunError) {
        _ = try owner(of: folder(in: runDirectory), specSHA256: specSHA256)
    }

    /// Opens the log in the run directory `directory` for the run of `specSHA256` (checked as
    /// `checkOwnership` checks it), creating the folder and its owner record when missing, and
    /// replaces the event file atomically by the file version event and the events of `records`: on
    /// resume, the records `metrics.jsonl` keeps, so that every step is logged once and a record cut
    /// short by a crash is gone.
    public static func open(in directory: URL, specSHA256: String, records: [MetricsRecord]) throws -> Self {
        let folder = folder(in: directory)
        let existing = try owner(of: folder, specSHA256: specSHA256)
        do {
            try FileIO.makeDirectory(folder.path)
        } catch {
            throw RunFileError.unwritable(path: folder.path, reason: error.reason)
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where RunDirectory.isTemporary(name) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        let log = TensorBoardLog(
            folder: folder, owner: try existing ?? startedOwner(in: folder, specSHA256: specSHA256))
        let version = TensorBoardEvent(
            wallTime: log.startTime, step: 0, content: .fileVersion(TensorBoardEvent.fileVersion))
        let events = [version] + records.map { $0.tensorBoardEvent(startTime: log.startTime) }
        try AtomicFile.write(Data(events.flatMap { TFRecord.framed($0.encoded) }), to: log.eventFile)
        return log
    }

    /// Appends the event of `record` in one `write` to the file opened for appending, so a crash
    /// cuts at most that event short (TensorBoard's reader stops before it; `open` drops it).
    public func append(_ record: MetricsRecord) throws(RunFileError) {
        let bytes = TFRecord.framed(record.tensorBoardEvent(startTime: startTime).encoded)
        let descriptor: Int32
        do {
            descriptor = try FileIO.openRegularFile(eventFile.path, flags: O_WRONLY | O_APPEND | O_CREAT).descriptor
        } catch {
            throw .unwritable(path: eventFile.path, reason: error.reason)
        }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { AtomicWrite.writeAll($0, to: descriptor) }
        guard written else { throw .unwritable(path: eventFile.path, reason: FileIO.errnoMessage()) }
    }

    /// The owner record of a log started now on this machine, written into `folder`.
    private static func startedOwner(in folder: URL, specSHA256: String) throws -> TensorBoardOwner {
        let owner = TensorBoardOwner(
            specSHA256: specSHA256, startTime: Int(Date().timeIntervalSince1970), host: hostName())
        try AtomicFile.write(
            try RunJSON.encoder(pretty: true).encode(owner), to: folder.appendingPathComponent(ownerName))
        return owner
    }

    private static func folder(in runDirectory: URL) -> URL {
        runDirectory.appendingPathComponent(folderName)
    }

    /// The folder's owner record when it is this run's, nil when the folder is absent or empty.
    private static func owner(of folder: URL, specSHA256: String) throws(RunError) -> TensorBoardOwner? {
        let path = folder.path
        func foreign(_ reason: String) -> RunError { .foreignTensorBoardLog(directory: path, reason: reason) }
        if FileIO.isAbsent(path) { return nil }
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw foreign("it is not a folder")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path).filter { !RunDirectory.isTemporary($0) }
                .sorted()
        } catch {
            throw .unusableDirectory(directory: path, reason: "cannot list it")
        }
        guard names.contains(ownerName) else {
            if let example = names.first {
                throw foreign("it holds files no metalearn run wrote (such as '\(example)')")
            }
            return nil
        }
        let ownerPath = folder.appendingPathComponent(ownerName).path
        guard let bytes = try? FileIO.readBytes(ownerPath, atMost: 1 << 16),
            let owner = try? RunJSON.decoder().decode(TensorBoardOwner.self, from: Data(bytes)), owner.namesAnEventFile
        else {
            throw foreign("its \(ownerName) is not a metalearn run's owner record")
        }
        guard owner.specSHA256 == specSHA256 else {
            throw foreign(
                "it was written by another run (spec SHA-256 \(owner.specSHA256.prefix(12))…, this run's is "
                    + "\(specSHA256.prefix(12))…)")
        }
        if let stray = names.first(where: { $0 != ownerName && $0 != owner.eventFile }) {
            throw foreign("it holds files this run did not write (such as '\(stray)')")
        }
        return owner
    }

    /// This machine's name as an event file's name may hold it: characters other than letters,
    /// digits, `-`, `_` and `.` (a `/` included) become `_`.
    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        let bytes = gethostname(&buffer, buffer.count - 1) == 0 ? buffer.prefix { $0 != 0 } : []
        let name = String(decoding: bytes.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let kept = name.unicodeScalars.map { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
                ? Character(scalar) : "_"
        }
        return kept.isEmpty ? "localhost" : String(kept)
    }
}
