import MetaLearning

/// A run as a table sees it: its result, and the settings that say which configuration it is — every
/// key of its resolved spec (`spec.json` beside its `result.json`) as a JSON path, or for a result
/// without one the settings the result records (learner and hyperparameters, model, episode shape,
/// iterations, numerics). For a result of varying episodes, `episodes.ways` and `episodes.shots` both
/// hold the rule in words (`RunResult.episodes`).
public struct TabledRun: Sendable, Equatable {
    public let result: RunResult
    /// JSON path → value, arrays as single values (`dataset.rotations` → `[0, 90]`).
    public let settings: [String: JSONValue]
    /// Whether `settings` come from the resolved spec (else from what the result records).
    public let hasResolvedSpec: Bool
    /// For one source's test of a run with `dataset.sources` (`perSource`), whether the run trained on
    /// that source; nil for a run of one data set.
    public let seenInTraining: Bool?

    /// The setting that names the test source of one of `perSource`'s runs.
    public static let sourceKey = "test.source"

    /// The keys that do not make two runs different configurations: `seed` (a cell's runs differ in
    /// it), and those that change neither the data nor the numbers: `name`, `training.checkpointEvery`,
    /// `training.logEvery`, `dataset.cacheDirectory`.
    public static let ignoredKeys: Set<String> = [
        "seed", "name", "training.checkpointEvery", "training.logEvery",
        "dataset.cacheDirectory",
    ]

    /// The run of `result`, with the resolved spec it was run from when known. `numerics` is always the
    /// result's mode (fast for a result that predates it).
    public init(result: RunResult, resolvedSpec: JSONValue? = nil) {
        self.result = result
        hasResolvedSpec = resolvedSpec != nil
        var settings: [String: JSONValue] = [:]
        if let resolvedSpec {
            Self.flatten(resolvedSpec, path: "", into: &settings)
        } else {
            settings["learner.name"] = .string(result.learner)
            settings["model.name"] = .string(result.model)
            settings["episodes.ways"] = .integer(result.ways)
            settings["episodes.shots"] = .integer(result.shots)
            settings["episodes.queries"] = .integer(result.queries)
            settings["training.iterations"] = .integer(result.iterations)
            settings["seed"] = .integer(result.seed)
            for (key, value) in result.hyperparameters { settings["learner.\(key)"] = JSONValue(value) }
        }
        settings["numerics"] = .string((result.numerics?.mode ?? .fast).rawValue)
        if let rule = result.episodes {
            // Varying episodes form columns of their own, titled by their rule, never beside a fixed shape.
            settings["episodes.ways"] = .string(rule)
            settings["episodes.shots"] = .string(rule)
        }
        self.settings = settings
        seenInTraining = nil
    }

    private init(result: RunResult, settings: [String: JSONValue], hasResolvedSpec: Bool, seenInTraining: Bool?) {
        self.result = result
        self.settings = settings
        self.hasResolvedSpec = hasResolvedSpec
        self.seenInTraining = seenInTraining
    }

    /// The run as tables lay out its sources: for a run with `dataset.sources`, one run per test source
    /// whose `test` is that source's and whose settings name it at `sourceKey`; otherwise the run itself.
    public var perSource: [TabledRun] {
        guard let sources = result.sources else { return [self] }
        return sources.map { source in
            var sourceResult = result
            sourceResult.test = source.test
            sourceResult.sources = nil
            var sourceSettings = settings
            sourceSettings[Self.sourceKey] = .string(source.name)
            return TabledRun(
                result: sourceResult, settings: sourceSettings, hasResolvedSpec: hasResolvedSpec,
                seenInTraining: source.seenInTraining)
        }
    }

    /// Whether `other` is this very run, however it was copied: the same configuration and seed, or,
    /// where either has no resolved spec to compare, the same spec digest and seed.
    public func isSameRun(as other: TabledRun) -> Bool {
        guard result.seed == other.result.seed else { return false }
        guard hasResolvedSpec && other.hasResolvedSpec else { return result.specSHA256 == other.result.specSHA256 }
        return configuration == other.configuration
    }

    /// The settings that identify the configuration: all but `ignoredKeys`.
    public var configuration: [String: JSONValue] { settings.filter { !Self.ignoredKeys.contains($0.key) } }

    private static func flatten(_ value: JSONValue, path: String, into settings: inout [String: JSONValue]) {
        guard case .object(let members) = value else {
            settings[path] = value
            return
        }
        for member in members {
            flatten(member.value, path: path.isEmpty ? member.key : "\(path).\(member.key)", into: &settings)
        }
    }
}
