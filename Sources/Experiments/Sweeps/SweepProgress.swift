import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shows a sweep's overall progress on standard error: runs done of the total, the runs going on, the
/// time left (from the mean duration of the runs finished so far). On a terminal one line is redrawn
/// in place; otherwise a plain line is written when a run starts or ends, and at most once a minute between.
final class SweepProgress {
    private let total: Int
    private let live: Bool
    private let prefix: String
    private let write: (String) -> Void
    private var lastLine = ""
    private var lastTime = 0.0

    /// - Parameters: total: the runs of this process's share; prefix: `rank 1/4: ` under a launcher.
    init(
        total: Int, prefix: String, live: Bool = isatty(STDERR_FILENO) != 0,
        write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.total = total
        self.prefix = prefix
        self.live = live
        self.write = write
    }

    /// `3/8 runs done; running: a, b; about 2m 10s left`.
    static func line(done: Int, total: Int, running: [String], secondsLeft: Double?) -> String {
        var line = "\(done)/\(total) runs done"
        if !running.isEmpty { line += "; running: " + running.joined(separator: ", ") }
        if done < total {
            line += "; " + (secondsLeft.map { "about \(duration($0)) left" } ?? "time left unknown until a run ends")
        }
        return line
    }

    /// `1h 02m`, `2m 10s`, `45s`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole >= 3600 { return String(format: "%dh %02dm", whole / 3600, whole % 3600 / 60) }
        if whole >= 60 { return String(format: "%dm %02ds", whole / 60, whole % 60) }
        return "\(whole)s"
    }

    /// Shows the state; `changed` says a run started or ended (a plain line is due).
    func show(done: Int, running: [String], secondsLeft: Double?, now: Double, changed: Bool) {
        let line = prefix + Self.line(done: done, total: total, running: running, secondsLeft: secondsLeft)
        if live {
            guard line != lastLine else { return }
            write("\r\u{1B}[K" + line)
        } else {
            guard changed || now - lastTime >= 60 else { return }
            write(line + "\n")
        }
        lastLine = line
        lastTime = now
    }

    /// A message on a line of its own (a failure, a note).
    func note(_ message: String) {
        write((live && !lastLine.isEmpty ? "\r\u{1B}[K" : "") + prefix + message + "\n")
        if live, !lastLine.isEmpty { write(lastLine) }
    }

    /// Ends the live line.
    func finish() {
        if live, !lastLine.isEmpty { write("\n") }
    }
}
