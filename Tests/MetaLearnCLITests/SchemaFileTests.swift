import BuiltinLearners
import Experiments
import Foundation
import Testing

/// The committed schema and the README's spec reference and learner table are exactly what the
/// declarations generate (`metalearn schema`, `metalearn schema --reference`, `metalearn learners --markdown`).
@Suite struct SchemaFileTests {
    /// The package root, found by walking up from this file.
    static func packageRoot() throws -> URL {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            let parent = directory.deletingLastPathComponent()
            try #require(parent.path != directory.path, "no Package.swift above \(#filePath)")
            directory = parent
        }
        return directory
    }

    @Test func committedSchemaIsWhatMetalearnSchemaPrints() throws {
        let committed = try String(contentsOf: Self.packageRoot().appendingPathComponent("experiments/spec.schema.json"), encoding: .utf8)
        #expect(committed == SpecSchema.text(learners: BuiltinLearners.registry),
                "regenerate it: scripts/generate-spec-docs")
    }

    @Test func committedSweepSchemaIsWhatMetalearnSchemaSweepPrints() throws {
        let committed = try String(contentsOf: Self.packageRoot().appendingPathComponent("experiments/sweep.schema.json"), encoding: .utf8)
        #expect(committed == SweepSchema.text, "regenerate it: scripts/generate-spec-docs")
    }

    @Test func readmeHoldsTheGeneratedSpecReference() throws {
        let readme = try String(contentsOf: Self.packageRoot().appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains(SpecReference.markdown(learners: BuiltinLearners.registry)),
                "regenerate it: scripts/generate-spec-docs")
    }

    @Test func readmeHoldsTheGeneratedLearnerTable() throws {
        let readme = try String(contentsOf: Self.packageRoot().appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains(LearnerReference.markdown(learners: BuiltinLearners.registry)),
                "regenerate it: scripts/generate-spec-docs")
    }
}

/// What an editor checking specs with the generated schema accepts and rejects.
@Suite struct SchemaVerdictTests {
    static let schema = SpecSchema.document(learners: BuiltinLearners.registry)

    static func verdict(_ text: String) throws -> [String] {
        SchemaValidator.violations(of: try JSONValue(parsing: text), against: schema)
    }

    /// A spec with `learner`'s members, and `extra` members (which may replace `dataset`).
    static func spec(learner: String, extra: String = "") -> String {
        let dataset = extra.contains(#""dataset""#) ? "" : #""dataset": {"root": "d"}, "#
        return #"{"name": "t", \#(dataset)"learner": {\#(learner)}\#(extra)}"#
    }

    @Test func everySpecInTheRepositoryIsValid() throws {
        let folder = try SchemaFileTests.packageRoot().appendingPathComponent("experiments")
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "json" && !$0.lastPathComponent.hasSuffix(".schema.json")
                                                && $0.lastPathComponent != "sweep.json" }
        #expect(files.count > 10)
        for file in files {
            #expect(try Self.verdict(String(contentsOf: file, encoding: .utf8)) == [], "\(file.path)")
        }
    }

    @Test func learnerHyperparametersFollowTheLearner() throws {
        #expect(try Self.verdict(Self.spec(learner: #""name": "reptile", "innerLR": 0.01"#)) == [])
        #expect(try Self.verdict(Self.spec(learner: #""name": "metasgd", "innerLR": 0.4"#)) == ["learner.innerLR: not allowed"])
        #expect(try Self.verdict(Self.spec(learner: #""name": "anil", "firstOrder": true"#)) == [])
        #expect(try Self.verdict(Self.spec(learner: #""name": "maml", "firstOrder": true"#)) == ["learner.firstOrder: not allowed"])
        #expect(try Self.verdict(Self.spec(learner: #""name": "maml", "evalInnerSteps": 0"#)) == [])
        #expect(try Self.verdict(Self.spec(learner: #""name": "maml", "innerSteps": 0"#)) == ["learner.innerSteps: below minimum"])
        #expect(try Self.verdict(Self.spec(learner: #""name": "nearest-neighbour""#)) == ["learner.name: not in enum"])
    }

    @Test func sectionsAreClosedAndBounded() throws {
        #expect(try Self.verdict(Self.spec(learner: #""name": "maml""#, extra: #", "dataset": {"root": "d", "imageSize": 2}"#))
                == ["dataset.imageSize: below minimum"])
        #expect(try Self.verdict(Self.spec(learner: #""name": "maml""#, extra: #", "episodes": {"way": 5}"#)) == ["episodes.way: not allowed"])
        #expect(try Self.verdict(Self.spec(learner: #""name": "maml""#, extra: #", "model": {"hiddenUnits": [8]}"#))
                == ["model.hiddenUnits: not allowed"])
        #expect(try Self.verdict(Self.spec(learner: #""name": "maml""#, extra: #", "model": {"name": "mlp", "hiddenUnits": [8]}"#)) == [])
        #expect(try Self.verdict(Self.spec(learner: #""name": "maml""#, extra: #", "training": {"optimizer": {"name": "sgd", "lr": 0}}"#))
                == ["training.optimizer.lr: not above exclusiveMinimum"])
    }
}

/// Sweep files in the repository: valid against the sweep schema, and the Omniglot sweep is the suite.
@Suite struct SweepFileTests {
    @Test func everySweepInTheRepositoryIsValid() throws {
        let folder = try SchemaFileTests.packageRoot().appendingPathComponent("experiments")
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.lastPathComponent == "sweep.json" }
        #expect(!files.isEmpty)
        for file in files {
            let document = try JSONValue(parsing: String(contentsOf: file, encoding: .utf8))
            #expect(SchemaValidator.violations(of: document, against: SweepSchema.document) == [], "\(file.path)")
        }
        #expect(SchemaValidator.violations(of: try JSONValue(parsing: #"{"base": 3, "seed": [1]}"#), against: SweepSchema.document)
                == ["base: not exactly one of oneOf", "seed: not allowed"])
    }

    /// Each combination of experiments/omniglot/sweep.json with seed 1 resolves to the suite's spec file of its name.
    @Test func omniglotSweepRunsTheSuiteOverThreeSeeds() throws {
        let folder = try SchemaFileTests.packageRoot().appendingPathComponent("experiments/omniglot")
        let sweep = try SweepSpec(contentsOf: folder.appendingPathComponent("sweep.json"))
        let resolved = try sweep.resolve(relativeTo: folder, learners: BuiltinLearners.registry)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") && $0 != "sweep.json" }
        #expect(files.count == 22 && resolved.count == 22 * 3)
        #expect(Set(resolved.map(\.1.seed)) == [1, 2, 3])
        for file in files {
            let suite = try ExperimentSpec(contentsOf: folder.appendingPathComponent(file), learners: BuiltinLearners.registry)
            let matches = resolved.filter { $0.1.name == suite.name }
            #expect(matches.count == 3, "\(file)")
            #expect(matches.first { $0.1.seed == suite.seed }?.1 == suite, "\(file)")
        }
    }
}
