import Foundation
import MetaLearning
import PosixFiles

extension SweepSpec {
    /// Decodes and checks a sweep file's text (not yet its combinations: see `resolve`).
    /// - Parameter defaultName: the name used when the sweep has no `name` (the file's base name).
    /// - Throws: `SpecErrors` with every problem and its JSON path: unknown keys (with a suggestion),
    ///   wrong types, a path that is not a path, a key both swept and varied, too many combinations.
    public init(json text: String, defaultName: String? = nil) throws(SpecErrors) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text)
        } catch {
            throw SpecErrors([SpecError(path: "", message: "not valid JSON: \(error)")])
        }
        let diagnostics = SpecDiagnostics()
        guard let reader = ObjectReader(document, path: "", diagnostics: diagnostics) else {
            throw SpecErrors(diagnostics.errors)
        }
        let sweep = Self.read(reader, SpecContext(learners: LearnerRegistry(), defaultName: defaultName))
        sweep.checkOverlaps(diagnostics)
        guard diagnostics.errors.isEmpty else { throw SpecErrors(diagnostics.errors) }
        self = sweep
    }

    /// Decodes the sweep file at `url`, named after the file when it has no `name`.
    /// - Throws: `SpecErrors` (the file's path is not repeated in them).
    public init(contentsOf url: URL) throws(SpecErrors) {
        let text: String
        do {
            text = try FileIO.readText(url.path)
        } catch {
            throw SpecErrors([SpecError(path: "", message: "cannot read the sweep file: \(error.reason)")])
        }
        try self.init(json: text, defaultName: url.deletingPathExtension().lastPathComponent)
    }

    /// Whether `document` looks like a sweep rather than a spec: an object with a `base` key.
    public static func isSweep(_ document: JSONValue) -> Bool {
        document["base"] != nil
    }

    /// Each combination's spec: the base with the combination's overrides applied, validated like a
    /// spec file.
    /// - Parameters:
    ///   - folder: where a `base` file's relative path starts (the sweep file's folder).
    ///   - learners: the registered learners.
    /// - Throws: `SpecErrors` listing every problem of every combination, each message starting with
    ///   the combination (`combination 3 (learner.innerLR=-1,seed=1): learner.innerLR: ...`), and
    ///   two combinations that would share a run directory.
    public func resolve(relativeTo folder: URL, learners: LearnerRegistry) throws(SpecErrors) -> [(
        SweepCombination, ExperimentSpec
    )] {
        let (document, defaultName) = try baseDocument(relativeTo: folder)
        var resolved: [(SweepCombination, ExperimentSpec)] = []
        var errors: [SpecError] = []
        var directories: [String: Int] = [:]
        for combination in combinations {
            let prefix = "combination \(combination.index + 1) (\(combination.label))"
            if let other = directories.updateValue(combination.index, forKey: combination.directoryName) {
                errors.append(
                    SpecError(
                        path: "",
                        message: "\(prefix): same run directory as combination \(other + 1); make the values differ"))
            }
            do {
                let spec = try ExperimentSpec(
                    document: document, learners: learners, defaultName: defaultName,
                    overrides: combination.overrides)
                resolved.append((combination, spec))
            } catch {
                errors += error.errors.map { SpecError(path: "", message: "\(prefix): \($0)") }
            }
        }
        guard errors.isEmpty else { throw SpecErrors(errors) }
        return resolved
    }

    /// The base spec's JSON and the name a spec without `name` takes (the base file's).
    private func baseDocument(relativeTo folder: URL) throws(SpecErrors) -> (JSONValue, String?) {
        switch base {
        case .inline(let document):
            return (document, name)
        case .file(let path):
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
            let text: String
            do {
                text = try FileIO.readText(url.path)
            } catch {
                throw SpecErrors([
                    SpecError(path: "base", message: "cannot read the spec file \(url.path): \(error.reason)")
                ])
            }
            do {
                return (try JSONValue(parsing: text), url.deletingPathExtension().lastPathComponent)
            } catch {
                throw SpecErrors([SpecError(path: "base", message: "\(url.path) is not valid JSON: \(error)")])
            }
        }
    }

    /// Reports a key given by more than one of `grid`, a variant and `seeds`: which value wins would be unclear.
    private func checkOverlaps(_ diagnostics: SpecDiagnostics) {
        let swept = Set(grid.map(\.path))
        for (index, settings) in variants.enumerated() {
            for setting in settings where swept.contains(setting.path) || (seeds != nil && setting.path == "seed") {
                diagnostics.report(
                    "variants[\(index)].\(setting.path)",
                    "\(setting.path) is also swept by \(setting.path == "seed" && seeds != nil ? "seeds" : "grid"); set it in one place"
                )
            }
        }
        if seeds != nil, swept.contains("seed") {
            diagnostics.report("grid.seed", "seed is also given by seeds; set it in one place")
        }
    }
}
