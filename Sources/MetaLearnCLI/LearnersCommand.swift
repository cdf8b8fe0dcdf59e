import ArgumentParser
import Experiments
import MetaLearning

/// `metalearn learners`: the registry, with each learner's hyperparameters.
struct LearnersCommand: LearnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "learners",
        abstract: "List every registered learner with its summary and hyperparameters (defaults and valid values).")

    @Flag(help: "Print the README's learner table instead.")
    var markdown = false

    func run(registry: LearnerRegistry) {
        if markdown {
            print(LearnerReference.markdown(learners: registry), terminator: "")
            return
        }
        for descriptor in registry.descriptors {
            print("\(descriptor.name): \(descriptor.summary)")
            if descriptor.acceptsTrainWays {
                print("  accepts episodes.trainWays (train with more ways than test) and varying ways")
            }
            for hyperparameter in descriptor.hyperparameters {
                print("  \(hyperparameter.name) = \(hyperparameter.defaultValue)  (\(hyperparameter.domain))")
                print("      \(hyperparameter.summary)")
            }
            print("")
        }
    }
}
