import Experiments
import Foundation

/// Reads a spec file against the executable's learners, with `--set` overrides applied to its JSON
/// first, turning every problem into one `Failure` that lists each error with its JSON path.
enum SpecLoading {
    static func load(_ path: String, overrides: [SpecOverride] = []) throws -> ExperimentSpec {
        do {
            return try ExperimentSpec(contentsOf: URL(fileURLWithPath: path), learners: CommandContext.registry, overrides: overrides)
        } catch {
            throw Failure(description: error.errors.map { "\(path): \($0)" }.joined(separator: "\n"))
        }
    }
}
