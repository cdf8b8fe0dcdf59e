import Foundation

extension ExperimentSpec {
    /// Decodes and validates a spec, filling in every default.
    ///
    /// - Parameters:
    ///   - text: the spec's JSON text.
    ///   - learners: the registered learners, in registry order; `learner` is checked against them.
    ///   - defaultName: the name used when the spec has no `name` (the CLI passes the file's base name).
    /// - Throws: `SpecErrors` listing every problem found: the JSON syntax error (with line and column)
    ///   alone if the text is not JSON; otherwise each unknown key, wrong type, out-of-range value and
    ///   impossible combination, with its JSON path and a fix.
    public init(json text: String, learners: [LearnerDeclaration], defaultName: String? = nil) throws(SpecErrors) {
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
        let spec = Self(reading: reader, learners: learners, defaultName: defaultName)
        guard diagnostics.errors.isEmpty, let spec else { throw SpecErrors(diagnostics.errors) }
        self = spec
    }

    /// Decodes and validates the spec file at `url`; without a `name` in it, the spec is named after the
    /// file (`omniglot-maml.json` → `omniglot-maml`).
    /// - Throws: `SpecErrors`, whose single error names the file when it cannot be read.
    public init(contentsOf url: URL, learners: [LearnerDeclaration]) throws(SpecErrors) {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw SpecErrors([SpecError(path: "", message: "cannot read the spec \(url.path): \(error.localizedDescription)")])
        }
        try self.init(json: text, learners: learners, defaultName: url.deletingPathExtension().lastPathComponent)
    }

    /// Walks the top-level object; nil when the learner could not be resolved (reported).
    private init?(reading reader: ObjectReader, learners: [LearnerDeclaration], defaultName: String?) {
        let diagnostics = reader.diagnostics
        var name = defaultName ?? ""
        if let given = reader.string("name") {
            name = given
        } else if defaultName == nil, !reader.contains("name") {
            reader.reportMissing("name", example: "\"omniglot-5w1s-maml\"")
        }
        if diagnostics.isClean("name"), let problem = Self.problem(withName: name) {
            diagnostics.report("name", problem)
        }
        let seed = reader.integer("seed", default: 0, atLeast: 0)
        if !reader.contains("dataset") {
            reader.reportMissing("dataset", example: "{\"root\": \"datasets/omniglot\"}")
        }
        let dataset = DatasetSpec(reading: reader.section("dataset"))
        let episodes = EpisodeSpec(reading: reader.section("episodes"))
        let model = ModelSpec(reading: reader.section("model"))
        if !reader.contains("learner") {
            reader.reportMissing("learner", example: "{\"name\": \"\(learners.first?.name ?? "maml")\"}")
        }
        let learner = reader.object("learner").flatMap { LearnerSpec.read($0, learners: learners) }
        let training = TrainingSpec(reading: reader.section("training"))
        let evaluation = EvaluationSpec(reading: reader.section("evaluation"))
        reader.reportUnknownKeys()
        guard let (learnerSpec, declaration) = learner else { return nil }
        self.init(name: name, seed: seed, dataset: dataset, episodes: episodes, model: model,
                  learner: learnerSpec, training: training, evaluation: evaluation)
        checkCombinations(learner: declaration, diagnostics)
    }

    /// Why `name` cannot name a run directory, or nil when it can.
    private static func problem(withName name: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        if name.isEmpty { return "must not be empty" }
        if name.hasPrefix(".") { return "must not start with '.'; it names the run directory runs/<name>" }
        if let bad = name.first(where: { !allowed.contains($0) }) {
            return "'\(bad)' is not allowed; use letters, digits, '.', '_' and '-' (it names the run directory runs/<name>)"
        }
        return nil
    }

    /// The resolved spec as JSON, sections in the order of DESIGN.md and keys in a fixed order.
    public var json: JSONValue {
        .object([
            .init("name", .string(name)),
            .init("seed", .integer(seed)),
            .init("dataset", dataset.json),
            .init("episodes", episodes.json),
            .init("model", model.json),
            .init("learner", learner.json),
            .init("training", training.json),
            .init("evaluation", evaluation.json),
        ])
    }

    /// The resolved spec as written to a run's `spec.json`: `json.formatted()` and a final newline.
    /// Decoding it gives back an equal spec.
    public var canonicalJSON: String { json.formatted() + "\n" }

    /// The SHA-256 of `canonicalJSON`'s UTF-8 bytes, 64 lowercase hex digits: equal to
    /// `sha256sum spec.json` in the run directory, and the same for every spec that resolves alike.
    public var specSHA256: String { SHA256.hexDigest(of: Array(canonicalJSON.utf8)) }
}
