import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How to run a sweep: where, how many runs at once, with how many threads each, which share.
public struct SweepOptions: Sendable {
    /// The sweep's folder (`runs/<sweep>`): one run directory per combination, `specs/` and `logs/`.
    public var directory: URL
    /// Runs going on at once in this process's share.
    public var jobs: Int
    /// The `--threads` of each run.
    public var threadsPerRun: Int
    /// The combinations this process runs.
    public var share: RankShare
    /// The `metalearn` executable a run is started with (`metalearn run SPEC --out DIR [--resume]`).
    public var executable: URL
    /// The runs' environment (launcher variables are removed from it).
    public var environment: [String: String]

    /// Options for `jobs` runs at once sharing this machine's cores, the whole sweep, this process's environment.
    public init(
        directory: URL, jobs: Int, threadsPerRun: Int? = nil, share: RankShare = .whole, executable: URL,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.directory = directory
        self.jobs = max(1, jobs)
        self.threadsPerRun = max(1, threadsPerRun ?? ProcessInfo.processInfo.activeProcessorCount / max(1, jobs))
        self.share = share
        self.executable = executable
        self.environment = environment
    }
}

/// One combination of a sweep resolved to its spec, and where it runs.
public struct SweepRun: Sendable {
    public let combination: SweepCombination
    public let spec: ExperimentSpec
    /// `<sweep folder>/<combination.directoryName>`.
    public let directory: URL
    /// `<sweep folder>/specs/<name>.json`: the resolved spec the run is started with.
    public let specFile: URL
    /// `<sweep folder>/logs/<name>.log`: the run's output, appended to by every attempt.
    public let logFile: URL

    /// The run of `combination` with `spec` in the sweep folder `folder`.
    public init(combination: SweepCombination, spec: ExperimentSpec, in folder: URL) {
        self.combination = combination
        self.spec = spec
        directory = folder.appendingPathComponent(combination.directoryName)
        specFile = folder.appendingPathComponent("specs").appendingPathComponent(combination.directoryName + ".json")
        logFile = folder.appendingPathComponent("logs").appendingPathComponent(combination.directoryName + ".log")
    }

    /// Whether the run has finished (its `result.json` exists).
    public var isFinished: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("result.json").path)
    }

    /// Whether a run was started in its directory and did not finish: it is continued with `--resume`.
    public var isStarted: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("spec.json").path)
    }
}

/// What a sweep did in this process's share.
public struct SweepOutcome: Sendable {
    /// The share's runs that have a result (finished now or before).
    public var finished: Int
    /// The share's runs.
    public var total: Int
    /// One line per run that failed: its combination, the last line of its log, and the log's path.
    public var failures: [String]
}

/// Runs a sweep's combinations: each one a child process `metalearn run` with its own run directory,
/// `jobs` at a time. Finished runs (a `result.json`) are skipped, started ones resumed (`--resume`), and
/// a run directory held by another process (a run left going by a killed sweep, or another sweep) is
/// waited for; so a sweep started again after any interruption completes what is missing and loses nothing.
public final class SweepRunner {
    private let runs: [SweepRun]
    private let options: SweepOptions
    private let clock: () -> Double

    /// A runner of `runs` (the whole sweep; only the share's are run).
    public init(
        runs: [SweepRun], options: SweepOptions, clock: @escaping () -> Double = ProgressReporter.monotonicSeconds
    ) {
        self.runs = runs
        self.options = options
        self.clock = clock
    }

    /// The runs of this process's share.
    public var share: [SweepRun] { runs.filter { options.share.owns($0.combination.index) } }

    /// Runs the share to the end, showing progress on standard error.
    /// - Throws: `RunFileError` when the sweep folder, a spec file or a log cannot be written; the
    ///   errors of generating a synthetic data set.
    public func run() throws -> SweepOutcome {
        let folder = options.directory
        for sub in ["specs", "logs"] {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let mine = share
        let prefix = options.share.size > 1 ? "rank \(options.share.rank)/\(options.share.size): " : ""
        let progress = SweepProgress(total: mine.count, prefix: prefix)
        var pending = mine.filter { !$0.isFinished }
        // Runs started together would race to generate the same synthetic data set: generate it first.
        for run in pending where try ExperimentData.generateSyntheticData(of: run.spec) {
            progress.note("generated the synthetic data set in \(run.spec.dataset.roots[0])")
        }
        var done = mine.count - pending.count
        var active: [(run: SweepRun, process: Process, started: Double)] = []
        var durations: [Double] = []
        var failures: [String] = []
        var waitingNoted = false
        progress.show(done: done, running: [], secondsLeft: nil, now: clock(), changed: true)
        while !pending.isEmpty || !active.isEmpty {
            var changed = false
            for (position, job) in active.enumerated().reversed() where !job.process.isRunning {
                active.remove(at: position)
                changed = true
                if job.process.terminationStatus == 0, job.run.isFinished {
                    done += 1
                    durations.append(clock() - job.started)
                } else {
                    let failure =
                        "\(job.run.combination.label) failed (exit \(job.process.terminationStatus)): "
                        + "\(Self.lastLine(of: job.run.logFile)) (log: \(job.run.logFile.path))"
                    failures.append(failure)
                    progress.note(failure)
                }
            }
            while active.count < options.jobs,
                let position = pending.firstIndex(where: { !RunDirectory.isHeld($0.directory) })
            {
                let run = pending.remove(at: position)
                changed = true
                if run.isFinished {
                    done += 1
                    continue
                }
                active.append((run, try start(run), clock()))
            }
            if active.isEmpty, !pending.isEmpty, !waitingNoted {
                progress.note(
                    "waiting for \(pending.count) run(s) whose directory another process holds (a run left going by an earlier sweep?)"
                )
                waitingNoted = true
            }
            let mean = durations.isEmpty ? nil : durations.reduce(0, +) / Double(durations.count)
            let left = mean.map {
                $0 * Double(pending.count + active.count)
                    / Double(min(options.jobs, max(1, pending.count + active.count)))
            }
            progress.show(
                done: done, running: active.map(\.run.combination.label), secondsLeft: left, now: clock(),
                changed: changed)
            if !pending.isEmpty || !active.isEmpty { usleep(200_000) }
        }
        progress.finish()
        return SweepOutcome(finished: done, total: mine.count, failures: failures)
    }

    /// Starts `metalearn run` on the run's resolved spec, continuing it when it was started before.
    private func start(_ run: SweepRun) throws -> Process {
        try AtomicFile.write(run.spec.canonicalJSON, to: run.specFile)
        if !FileManager.default.fileExists(atPath: run.logFile.path) {
            _ = FileManager.default.createFile(atPath: run.logFile.path, contents: nil)
        }
        guard let log = FileHandle(forWritingAtPath: run.logFile.path) else {
            throw RunFileError.unwritable(path: run.logFile.path, reason: "cannot open the log for writing")
        }
        log.seekToEndOfFile()
        let process = Process()
        process.executableURL = options.executable
        process.arguments =
            ["run", run.specFile.path, "--out", run.directory.path, "--threads", String(options.threadsPerRun)]
            + (run.isStarted ? ["--resume"] : [])
        var environment = RankShare.withoutLauncher(options.environment)
        environment[SweepParent.variable] = String(getpid())
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? log.close()
        return process
    }

    /// The last non-empty line of a log, or a note that it is empty.
    private static func lastLine(of url: URL) -> String {
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isNewline).last.map(String.init) ?? "no output"
    }
}
