import Foundation
import MetaLearning

/// The JSON Schema of experiment specs, generated from the key declarations and the registry:
/// what `metalearn schema` prints and `experiments/spec.schema.json` holds.
public enum SpecSchema {
    /// The schema document for specs whose learners are `learners`' (one `if`/`then` branch per
    /// learner admits exactly its hyperparameters).
    public static func document(learners: LearnerRegistry) -> JSONValue {
        let context = SpecContext(learners: learners)
        guard case .object(let members) = ExperimentSpec.schema(context, summary: "A swift-metalearn experiment spec")
        else {
            preconditionFailure("a section's schema is an object")
        }
        return .object(
            [
                .init("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
                .init(
                    "$id", .string("https://github.com/swift-metalearn/swift-metalearn/experiments/spec.schema.json")),
                .init("title", .string("swift-metalearn experiment spec")),
            ] + members)
    }

    /// The document as written to `experiments/spec.schema.json`, ending in a newline.
    public static func text(learners: LearnerRegistry) -> String {
        document(learners: learners).formatted() + "\n"
    }
}

/// The spec reference of the README: one Markdown table row per key, generated from the declarations.
public enum SpecReference {
    /// The table: key, meaning and valid values, default. Learner hyperparameters are listed by
    /// `metalearn learners` instead.
    public static func markdown(learners: LearnerRegistry) -> String {
        let rows = ExperimentSpec.referenceRows(SpecContext(learners: learners), prefix: "")
        let lines =
            ["| key | meaning | default |", "|---|---|---|"]
            + rows.map {
                "| `\($0.path)` | \($0.meaning.replacingOccurrences(of: "|", with: "\\|")) | \($0.defaultText) |"
            }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The README's learner table, generated from a registry as `metalearn learners --markdown` prints it:
/// one row per learner with its summary and its hyperparameters at their defaults.
public enum LearnerReference {
    /// The table, in registry order.
    public static func markdown(learners: LearnerRegistry) -> String {
        let lines =
            ["| name | what | hyperparameters (defaults) |", "|---|---|---|"]
            + learners.descriptors.map { descriptor in
                let settings = descriptor.hyperparameters.map {
                    "`\($0.name)` \(JSONValue($0.defaultValue).formatted())"
                }
                return
                    "| `\(descriptor.name)` | \(descriptor.summary) | \(settings.isEmpty ? "none" : settings.joined(separator: ", ")) |"
            }
        return lines.joined(separator: "\n") + "\n"
    }
}
