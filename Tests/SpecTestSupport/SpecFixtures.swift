import MetaLearning
import Specs

/// A registry standing in for the built-in one in spec tests: MAML's hyperparameters and a metric
/// learner's. Its learners are never built.
public enum TestLearners {
    static let maml = LearnerDescriptor(name: "maml", summary: "stands in for MAML", hyperparameters: [
        Hyperparameter<Double>("innerLR", "inner-loop step size", .real(0...10), default: 0.4),
        Hyperparameter<Int>("innerSteps", "inner steps in training", .integer(1...100), default: 1),
        Hyperparameter<Int>("evalInnerSteps", "inner steps in evaluation", .integer(1...100), default: 3),
        Hyperparameter<Bool>("firstOrder", "drop second-order terms", .boolean, default: false),
    ], acceptsUnequalShots: true) { _ in preconditionFailure("spec tests never build a learner") }
    static let protonet = LearnerDescriptor(name: "protonet", summary: "stands in for ProtoNet", hyperparameters: [
        Hyperparameter<String>("distance", "distance to prototypes", .choice(["euclidean", "cosine"]), default: "euclidean"),
    ], acceptsTrainWays: true, acceptsUnequalShots: true) { _ in preconditionFailure("spec tests never build a learner") }
    /// Both, in that order.
    public static let all: LearnerRegistry = {
        var registry = LearnerRegistry()
        registry.register([maml, protonet])
        return registry
    }()
}

/// The spec of DESIGN.md, verbatim but for the alphabet list ("Korean", "..." there).
public let designSpec = """
{
  "name": "omniglot-5w1s-maml",
  "seed": 1,
  "dataset": { "root": "datasets/omniglot", "imageSize": 28, "invert": true,
               "rotations": [0, 90, 180, 270],
               "split": { "train": ["Korean", "Latin"], "validation": [], "test": ["Greek"] } },
  "episodes": { "ways": 5, "shots": 1, "queries": 15 },
  "model": { "name": "conv4", "hiddenChannels": 64 },
  "learner": { "name": "maml", "innerLR": 0.4, "innerSteps": 1, "evalInnerSteps": 3 },
  "training": { "iterations": 2000, "metaBatchSize": 32,
                "optimizer": { "name": "adam", "lr": 0.001 },
                "validateEvery": 200, "checkpointEvery": 200 },
  "evaluation": { "episodes": 600 }
}
"""

/// The errors of decoding `text`, or none when it decodes.
public func specErrors(_ text: String) -> [SpecError] {
    do {
        _ = try ExperimentSpec(json: text, learners: TestLearners.all)
        return []
    } catch {
        return error.errors
    }
}

/// The errors of a spec made of the minimal valid spec with `members` (raw JSON members) added to
/// or replacing its top-level sections.
public func errorsWith(_ members: String) -> [SpecError] {
    specErrors(minimalSpec(members))
}

/// `{"name": "t", "dataset": {"root": "d"}, "learner": {"name": "maml"}, <extra>}`; a name, dataset or
/// learner given in `extra` replaces the default one.
public func minimalSpec(_ extra: String = "") -> String {
    var members: [String] = []
    if !extra.hasPrefix("\"name\"") { members.append("\"name\": \"t\"") }
    if !extra.contains("\"dataset\"") { members.append("\"dataset\": {\"root\": \"d\"}") }
    if !extra.contains("\"learner\"") { members.append("\"learner\": {\"name\": \"maml\"}") }
    if !extra.isEmpty { members.append(extra) }
    return "{" + members.joined(separator: ", ") + "}"
}
