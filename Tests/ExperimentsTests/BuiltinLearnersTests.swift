import Testing
import Experiments

/// The registry holds every plugin, in table order, and specs are validated against it.
@Suite struct BuiltinLearnersTests {
    @Test func everyPluginIsRegisteredInOrder() {
        #expect(BuiltinLearners.registry.names == ["maml", "fomaml", "metasgd", "anil", "reptile", "protonet", "nearest-centroid"])
    }

    @Test func theExamplePluginIsUsableFromASpec() throws {
        let spec = try ExperimentSpec(json: """
            { "name": "example", "dataset": { "root": "data" },
              "episodes": { "ways": 5, "trainWays": 20 }, "learner": { "name": "nearest-centroid" } }
            """, learners: BuiltinLearners.declarations())
        #expect(spec.learner.name == "nearest-centroid")
        #expect(spec.episodes.trainWays == 20)
    }

    @Test func hyperparametersAreValidatedAgainstTheRegistry() {
        do {
            _ = try ExperimentSpec(json: #"{ "name": "x", "dataset": { "root": "d" }, "learner": { "name": "maml", "inner_lr": 0.1, "innerSteps": 0 } }"#,
                                   learners: BuiltinLearners.declarations())
            Issue.record("a misspelled and an out-of-range hyperparameter must be rejected")
        } catch {
            let messages = error.errors.map(\.description)
            #expect(messages.contains { $0.hasPrefix("learner.inner_lr:") && $0.contains("did you mean 'innerLR'") })
            #expect(messages.contains { $0.hasPrefix("learner.innerSteps:") })
        }
    }
}
