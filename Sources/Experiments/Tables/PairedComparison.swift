import Foundation
import MetaLearning
import PosixFiles
import Specs

/// Two runs tested on the same episodes, compared episode by episode: the mean of the per-episode
/// accuracy differences (first − second) with its 95% interval, 1.96 · sd / √n of the differences.
/// Pairing removes what the episodes share (some are hard for every learner), so the interval is
/// much narrower than the two runs' own ones suggest, and says whether a difference is real.
public struct PairedComparison: Sendable, Equatable {
    /// One of the runs: where it was read from and its own figures.
    public struct Run: Sendable, Equatable {
        /// The path given for it (a run directory or a result.json).
        public let path: String
        /// The spec's name and the learner.
        public let name: String, learner: String
        /// Its mean test accuracy and 95% interval (fractions).
        public let accuracy: Double, ci95: Double
    }

    /// The spec keys that decide which test episodes a run draws, with the value an older spec.json
    /// leaves out. Learner, model and image transform may differ: they are what is compared.
    static let episodeKeys: [(path: [String], absent: JSONValue?)] = [
        (["seed"], nil), (["dataset", "root"], nil), (["dataset", "split"], nil), (["dataset", "rotations"], nil),
        (["dataset", "synthetic"], nil), (["dataset", "skipUnreadable"], nil), (["episodes", "ways"], nil),
        (["episodes", "shots"], nil), (["episodes", "queries"], nil), (["episodes", "withinAlphabet"], .bool(false)),
    ]

    public let first: Run, second: Run
    /// The paired test episodes.
    public let episodes: Int
    /// The mean of first − second over the episodes (a fraction; positive when the first is better).
    public let difference: Double
    /// Half the width of the difference's 95% interval.
    public let ci95: Double

    /// Whether the 95% interval of the difference leaves out 0: the runs really differ.
    public var isSignificant: Bool { abs(difference) > ci95 }

    /// Compares two results whose resolved specs are `firstSpec` and `secondSpec`; `paths` name
    /// them in errors.
    /// - Throws: `PairedComparisonError.differentEpisodes` naming the first spec key that differs
    ///   (data set, split, seed, episode shape), the test images (`testDataDigest`) or the episode counts.
    public init(
        _ first: RunResult, spec firstSpec: JSONValue, path firstPath: String,
        _ second: RunResult, spec secondSpec: JSONValue, path secondPath: String
    ) throws(PairedComparisonError) {
        for (path, absent) in Self.episodeKeys {
            let values = [firstSpec, secondSpec].map { spec in path.reduce(Optional(spec)) { $0?[$1] } ?? absent }
            if values[0] != values[1] {
                func text(_ value: JSONValue?) -> String {
                    value.map { $0.formatted().replacingOccurrences(of: "\n", with: " ") } ?? "absent"
                }
                throw .differentEpisodes(
                    first: firstPath, second: secondPath,
                    what: "\(path.joined(separator: ".")) is \(text(values[0])) and \(text(values[1]))")
            }
        }
        try self.init(sharing: first, path: firstPath, second, path: secondPath)
    }

    /// Compares two results known to share their spec's `episodeKeys`: checks their test images and
    /// episode counts, then pairs their episodes.
    init(sharing first: RunResult, path firstPath: String, _ second: RunResult, path secondPath: String)
        throws(PairedComparisonError)
    {
        if let firstData = first.testDataDigest, let secondData = second.testDataDigest, firstData != secondData {
            throw .differentEpisodes(
                first: firstPath, second: secondPath,
                what: "their test images differ (the files under the data set root changed between the runs)")
        }
        let a = first.test.episodeAccuracies
        let b = second.test.episodeAccuracies
        guard a.count == b.count else {
            throw .differentEpisodes(
                first: firstPath, second: secondPath, what: "they have \(a.count) and \(b.count) test episodes")
        }
        let summary = AccuracySummary(zip(a, b).map { $0 - $1 })
        self.first = Run(
            path: firstPath, name: first.name, learner: first.learner, accuracy: first.test.accuracy,
            ci95: first.test.ci95)
        self.second = Run(
            path: secondPath, name: second.name, learner: second.learner, accuracy: second.test.accuracy,
            ci95: second.test.ci95)
        episodes = a.count
        difference = summary.mean
        ci95 = summary.ci95
    }

    /// What decides the test episodes of `run`, as one comparable text: the settings of its resolved
    /// spec under `episodeKeys` (or their value when absent), its test images and its episode count;
    /// nil for a run without a resolved spec. Runs with equal identities can be paired.
    static func episodeIdentity(of run: TabledRun) -> String? {
        guard run.hasResolvedSpec else { return nil }
        let settings = episodeKeys.map { path, absent in
            let key = path.joined(separator: ".")
            let values = run.settings.filter { $0.key == key || $0.key.hasPrefix(key + ".") }
                .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.formatted())" }
            return values.isEmpty ? "\(key)=\(absent?.formatted() ?? "absent")" : values.joined(separator: "\n")
        }
        let data = run.result.testDataDigest ?? "unrecorded"
        return (settings + ["test images \(data)", "\(run.result.test.episodes) episodes"]).joined(separator: "\n")
    }

    /// Compares the runs at two paths, each a run directory or its result.json; each run's spec.json
    /// is read from beside its result.json.
    /// - Throws: `RunFileError` for a missing or unreadable result or spec, `PairedComparisonError`
    ///   when the runs were not tested on the same episodes.
    public static func load(_ firstPath: String, _ secondPath: String) throws -> PairedComparison {
        func read(_ path: String) throws -> (RunResult, JSONValue) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw RunFileError.unreadable(path: path, reason: "no such file or directory")
            }
            let result =
                isDirectory.boolValue
                ? URL(fileURLWithPath: path).appendingPathComponent("result.json") : URL(fileURLWithPath: path)
            let spec = result.deletingLastPathComponent().appendingPathComponent("spec.json")
            let text: String
            do {
                text = try FileIO.readText(spec.path)
            } catch {
                throw RunFileError.unreadable(
                    path: spec.path,
                    reason: "\(error.reason); a paired comparison reads the spec beside "
                        + "result.json to check both runs were tested on the same episodes")
            }
            do {
                return (try RunResult(contentsOf: result), try JSONValue(parsing: text))
            } catch let error as JSONSyntaxError {
                throw RunFileError.malformed(path: spec.path, reason: "not valid JSON: \(error)")
            }
        }
        let (first, firstSpec) = try read(firstPath)
        let (second, secondSpec) = try read(secondPath)
        return try PairedComparison(first, spec: firstSpec, path: firstPath, second, spec: secondSpec, path: secondPath)
    }
}

/// Why two runs cannot be compared episode by episode.
public enum PairedComparisonError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The runs were not tested on the same episodes; `what` says which setting differs.
    case differentEpisodes(first: String, second: String, what: String)

    public var description: String {
        switch self {
        case .differentEpisodes(let first, let second, let what):
            return "\(first) and \(second) were not tested on the same episodes: \(what); "
                + "a paired comparison needs runs of the same data set, split, seed and episode shape"
        }
    }
}
