import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shows training progress on standard error: iteration/total, loss, accuracy, iterations per second
/// (and images per second when an iteration is a batch of images) and the time left.
///
/// - `live` (a terminal): one line redrawn in place, at most ten times a second.
/// - `periodic` (a log file or pipe): a plain line when at least `every` iterations *and* at least
///   `minimumInterval` seconds have passed since the last one (whichever is rarer), and at the last iteration.
/// - `quiet`: nothing, notes included.
///
/// Not thread-safe: call it from the training loop's thread.
public final class ProgressReporter {
    /// How progress is shown.
    public enum Mode: Sendable, Equatable {
        case live, periodic, quiet

        /// `quiet` when asked, otherwise `live` when standard error is a terminal, `periodic` when not.
        public static func forStandardError(quiet: Bool) -> Mode {
            quiet ? .quiet : isatty(STDERR_FILENO) != 0 ? .live : .periodic
        }
    }

    private let total: Int
    private let startIteration: Int
    private let mode: Mode
    private let every: Int
    private let label: String
    private let imagesPerIteration: Int?
    private let minimumInterval: Double
    private let clock: () -> Double
    private let write: (String) -> Void
    private let startTime: Double
    private var lastShown: (iteration: Int, time: Double)
    private var liveLineShown = false

    /// A reporter for a run of `total` iterations resuming after `startIteration` (0 for a fresh run).
    /// - Parameters:
    ///   - every: the fewest iterations between two periodic lines (the spec's `logEvery` suits).
    ///   - label: what an iteration is called (`iteration`; `step` for pre-training).
    ///   - imagesPerIteration: the images an iteration trains on, to show images per second; nil: not shown.
    ///   - minimumInterval: the fewest seconds between two periodic lines.
    ///   - clock: monotonic seconds; tests inject their own.
    ///   - write: where text goes; standard error by default.
    public init(
        total: Int, startIteration: Int = 0, mode: Mode, every: Int, label: String = "iteration",
        imagesPerIteration: Int? = nil, minimumInterval: Double = 10,
        clock: @escaping () -> Double = ProgressReporter.monotonicSeconds,
        write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.total = total
        self.startIteration = startIteration
        self.mode = mode
        self.every = max(1, every)
        self.label = label
        self.imagesPerIteration = imagesPerIteration
        self.minimumInterval = minimumInterval
        self.clock = clock
        self.write = write
        startTime = clock()
        lastShown = (startIteration, startTime)
    }

    /// Reports the iteration just completed with its training loss and accuracy (a fraction).
    public func update(iteration: Int, loss: Double, accuracy: Double) {
        let now = clock()
        let isLast = iteration >= total
        switch mode {
        case .quiet:
            return
        case .live:
            guard isLast || now - lastShown.time >= 0.1 else { return }
            write("\r\u{1B}[K" + statusLine(iteration: iteration, loss: loss, accuracy: accuracy, now: now))
            liveLineShown = true
        case .periodic:
            guard isLast || (iteration - lastShown.iteration >= every && now - lastShown.time >= minimumInterval) else {
                return
            }
            write(statusLine(iteration: iteration, loss: loss, accuracy: accuracy, now: now) + "\n")
        }
        lastShown = (iteration, now)
    }

    /// Prints a line that stays (a validation result, a checkpoint written), above the live line.
    public func note(_ message: String) {
        switch mode {
        case .quiet: return
        case .live:
            write((liveLineShown ? "\r\u{1B}[K" : "") + message + "\n")
            liveLineShown = false
        case .periodic: write(message + "\n")
        }
    }

    /// Ends the live line so that later output starts on a fresh line.
    public func finish() {
        if mode == .live, liveLineShown {
            write("\n")
            liveLineShown = false
        }
    }

    private func statusLine(iteration: Int, loss: Double, accuracy: Double, now: Double) -> String {
        let elapsed = now - startTime
        let rate = elapsed > 0 ? Double(iteration - startIteration) / elapsed : 0
        let remaining = rate > 0 ? Double(total - iteration) / rate : .nan
        return Self.statusLine(
            iteration: iteration, total: total, loss: loss, accuracy: accuracy,
            iterationsPerSecond: rate, secondsLeft: remaining, label: label,
            imagesPerSecond: imagesPerIteration.map { rate * Double($0) })
    }

    /// `iteration 120/2000  loss 1.2346  accuracy 43.2%  3.10 it/s  ETA 10m05s`, with
    /// `198 images/s` before the ETA when `imagesPerSecond` is given.
    public static func statusLine(
        iteration: Int, total: Int, loss: Double, accuracy: Double,
        iterationsPerSecond: Double, secondsLeft: Double, label: String = "iteration", imagesPerSecond: Double? = nil
    ) -> String {
        let images = imagesPerSecond.map { "\(String(format: "%.0f", $0)) images/s  " } ?? ""
        return "\(label) \(iteration)/\(total)  loss \(String(format: "%.4f", loss))  accuracy "
            + "\(String(format: "%.1f", accuracy * 100))%  \(String(format: "%.2f", iterationsPerSecond)) it/s  "
            + "\(images)ETA \(formatDuration(secondsLeft))"
    }

    /// A short duration: `45s`, `1m05s`, `2h03m`, `3d04h`, rounded to the shown unit; `--` when unknown
    /// (negative, infinite or NaN).
    public static func formatDuration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "--" }
        let whole = Int(seconds.rounded())
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m\(two(whole % 60))s" }
        let minutes = Int((seconds / 60).rounded())
        if minutes < 24 * 60 { return "\(minutes / 60)h\(two(minutes % 60))m" }
        let hours = Int((seconds / 3600).rounded())
        return "\(hours / 24)d\(two(hours % 24))h"
    }

    /// Seconds from an arbitrary fixed origin on a clock that never goes back.
    public static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
