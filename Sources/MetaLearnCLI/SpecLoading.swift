import Experiments
import Foundation
import MetaLearning

/// Reads a spec file against the executable's learners (`registry`), with `--set` overrides applied to its JSON
/// first, turning every problem into one `Failure` that lists each error with its JSON path.
enum SpecLoading {
    static func load(_ path: String, registry: LearnerRegistry, overrides: [SpecOverride] = []) throws -> ExperimentSpec
    {
        do {
            return try ExperimentSpec(contentsOf: URL(fileURLWithPath: path), learners: registry, overrides: overrides)
        } catch {
            throw Failure(description: error.errors.map { "\(path): \($0)" }.joined(separator: "\n"))
        }
    }
}
