import MetaLearning
import MAML
import MetaSGD
import ANIL
import Reptile
import ProtoNet
import NearestCentroid

/// The learners that ship with swift-metalearn, in the order tables list them.
/// A new plugin adds one line here (see Plugins/README.md).
public enum BuiltinLearners {
    /// Every built-in learner, registered in table order.
    public static let registry: LearnerRegistry = {
        var registry = LearnerRegistry()
        registry.register(MAML.learners)
        registry.register(MetaSGD.learners)
        registry.register(ANIL.learners)
        registry.register(Reptile.learners)
        registry.register(ProtoNet.learners)
        registry.register(NearestCentroid.learners)
        return registry
    }()

    /// What spec validation needs to know of each registered learner.
    public static func declarations(in registry: LearnerRegistry = registry) -> [LearnerDeclaration] {
        registry.descriptors.map {
            LearnerDeclaration(name: $0.name, hyperparameters: $0.hyperparameters, acceptsTrainWays: $0.acceptsTrainWays)
        }
    }
}
