import Foundation
import MetaLearning
import PosixFiles

extension ExperimentSpec {
    /// Decodes and validates a spec, filling in every default.
    ///
    /// - Parameters:
    ///   - text: the spec's JSON text.
    ///   - learners: the registered learners; `learner` is checked against them.
    ///   - defaultName: the name used when the spec has no `name` (the CLI passes the file's base name).
    /// - Throws: `SpecErrors` listing every problem found: the JSON syntax error (with line and column)
    ///   alone if the text is not JSON; otherwise each unknown key, wrong type, out-of-range value and
    ///   impossible combination, with its JSON path and a fix.
    public init(json text: String, learners: LearnerRegistry, defaultName: String? = nil) throws(SpecErrors) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text)
        } catch {
            throw SpecErrors([SpecError(path: "", message: "not valid JSON: \(error)")])
        }
        try self.init(document: document, learners: learners, defaultName: defaultName)
    }

    /// Validates an already parsed spec document (a file's, or one with overrides applied).
    public init(document: JSONValue, learners: LearnerRegistry, defaultName: String? = nil) throws(SpecErrors) {
        let context = SpecContext(learners: learners, defaultName: defaultName)
        let diagnostics = SpecDiagnostics()
        guard let reader = ObjectReader(document, path: "", diagnostics: diagnostics) else {
            throw SpecErrors(diagnostics.errors)
        }
        let spec = Self.read(reader, context)
        if let learner = context.learners.descriptor(named: spec.learner.name) {
            spec.checkCombinations(learner: learner, learners: context.learners, diagnostics)
        }
        guard diagnostics.errors.isEmpty else { throw SpecErrors(diagnostics.errors) }
        self = spec
    }

    /// Decodes and validates the spec file at `url` with `overrides` applied to its JSON first; without
    /// a `name` in it, the spec is named after the file (`omniglot-maml.json` → `omniglot-maml`).
    /// - Throws: `SpecErrors`, whose single error says why when the file cannot be read (missing, no
    ///   permission, not a regular file such as a folder or a FIFO, not UTF-8), without blocking. Like
    ///   every error of the file it does not repeat the file's path: the caller puts it first. Errors
    ///   at or below an override's path name the override (`(from --set learner.innerLR=0)`).
    public init(contentsOf url: URL, learners: LearnerRegistry, overrides: [SpecOverride] = []) throws(SpecErrors) {
        let text: String
        do {
            text = try FileIO.readText(url.path)
        } catch {
            throw SpecErrors([SpecError(path: "", message: "cannot read the spec file: \(error.reason)")])
        }
        let defaultName = url.deletingPathExtension().lastPathComponent
        guard !overrides.isEmpty else {
            try self.init(json: text, learners: learners, defaultName: defaultName)
            return
        }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text)
        } catch {
            throw SpecErrors([SpecError(path: "", message: "not valid JSON: \(error)")])
        }
        try self.init(document: document, learners: learners, defaultName: defaultName, overrides: overrides)
    }

    /// Validates `document` with `overrides` applied, naming the override in every error it causes.
    public init(
        document: JSONValue, learners: LearnerRegistry, defaultName: String? = nil,
        overrides: [SpecOverride]
    ) throws(SpecErrors) {
        // Overrides that cannot be applied are reported with every problem of the rest.
        let (changed, unapplied) = document.applyingWhatApplies(overrides)
        do {
            try self.init(document: changed, learners: learners, defaultName: defaultName)
        } catch {
            throw SpecErrors(unapplied + error.attributed(to: overrides).errors)
        }
        guard unapplied.isEmpty else { throw SpecErrors(unapplied) }
    }

    /// The resolved spec as written to a run's `spec.json`: `json.formatted()` and a final newline.
    /// Decoding it gives back an equal spec.
    public var canonicalJSON: String { json.formatted() + "\n" }

    /// The resolved spec as JSON, sections and keys in declaration order.
    public var resolvedJSON: JSONValue { json }

    /// The SHA-256 of `canonicalJSON`'s UTF-8 bytes, 64 lowercase hex digits: equal to
    /// `sha256sum spec.json` in the run directory, and the same for every spec that resolves alike.
    public var specSHA256: String { SHA256.hexDigest(of: Array(canonicalJSON.utf8)) }
}
