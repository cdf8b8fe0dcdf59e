import Foundation
import BuiltinLearners
import LearnerTestSupport
import MetaLearning
import Specs
import Testing

/// The registry holds every plugin of `learnerPlugins`, specs are validated against it, and every
/// registered learner keeps the `Learner` contract: a learner added to the list is checked here
/// without a line of its own.
@Suite struct BuiltinLearnersTests {
    @Test func theLearnersOfThePaperAreRegistered() {
        let names = BuiltinLearners.registry.names
        for name in ["maml", "fomaml", "protomaml", "metasgd", "anil", "reptile", "protonet", "matching", "relationnet", "r2d2", "nearest-centroid"] {
            #expect(names.contains(name), "\(name) is missing from \(names)")
        }
        #expect(Set(names).count == names.count)
    }

    @Test func theExamplePluginIsUsableFromASpec() throws {
        let spec = try ExperimentSpec(json: """
            { "name": "example", "dataset": { "root": "data" },
              "episodes": { "ways": 5, "trainWays": 20 }, "learner": { "name": "nearest-centroid" } }
            """, learners: BuiltinLearners.registry)
        #expect(spec.learner.name == "nearest-centroid")
        #expect(spec.episodes.trainWays == 20)
    }

    @Test func hyperparametersAreValidatedAgainstTheRegistry() {
        do throws(SpecErrors) {
            _ = try ExperimentSpec(json: #"{ "name": "x", "dataset": { "root": "d" }, "learner": { "name": "maml", "inner_lr": 0.1, "innerSteps": 0 } }"#,
                                   learners: BuiltinLearners.registry)
            Issue.record("a misspelled and an out-of-range hyperparameter must be rejected")
        } catch {
            let messages = error.errors.map(\.description)
            #expect(messages.contains { $0.hasPrefix("learner.inner_lr:") && $0.contains("did you mean 'innerLR'") })
            #expect(messages.contains { $0.hasPrefix("learner.innerSteps:") })
        }
    }

    /// The contract of every registered learner, on a small MLP; its state's parameter roles are
    /// compared bit for bit.
    @Test(arguments: BuiltinLearners.registry.names)
    func everyLearnerKeepsTheContract(name: String) throws {
        let descriptor = try #require(BuiltinLearners.registry.descriptor(named: name))
        let roles = descriptor.make(makeSmallMLPContext(descriptor)).initialState().parameters.keys.sorted()
        let contract = LearnerContract(descriptor, roles: roles) { makeSmallMLPContext(descriptor, threads: $0) }
        contract.checkEvaluationIsPure(on: makeLearnableTask(seed: 6))
        contract.checkPrediction(on: makeLearnableTask(seed: 8))
        try contract.checkStateRoundTrip()
        contract.checkThreadIndependence()
        contract.checkTrainsWithConv4()
        contract.checkVariableWays()
    }
}

/// Plugins/README.md's table of modules is the registry's: every module of `learnerPlugins`, in
/// order, with its learners' names and its first learner's summary.
@Test func pluginsReadmeListsEveryModuleAndLearner() throws {
    var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
        directory = directory.deletingLastPathComponent()
    }
    let readme = try String(contentsOf: directory.appendingPathComponent("Plugins/README.md"), encoding: .utf8)
    let table = (["| Module | Registry names | Learner |", "|---|---|---|"] + BuiltinLearners.plugins.map { plugin in
        "| `\(plugin.module)` | \(plugin.learners.map { "`\($0.name)`" }.joined(separator: ", ")) | \(plugin.learners[0].summary) |"
    }).joined(separator: "\n")
    #expect(readme.contains(table), "Plugins/README.md's table should read:\n\(table)")
}
