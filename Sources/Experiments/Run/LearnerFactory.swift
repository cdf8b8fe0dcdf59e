import MetaLearning

/// Builds the learner a spec names, with its model and meta-optimizer.
public enum LearnerFactory {
    /// A fresh learner for `spec` on images of `channels` × `imageSize` × `imageSize`.
    public static func make(spec: ExperimentSpec, registry: LearnerRegistry, channels: Int, imageSize: Int,
                            threads: Int) -> any Learner {
        guard let descriptor = registry.descriptor(named: spec.learner.name) else {
            preconditionFailure("spec validation admitted unknown learner '\(spec.learner.name)'")
        }
        let model = spec.model
        let context = LearnerContext(
            hyperparameters: spec.learner.hyperparameters, ways: spec.episodes.ways, trainWays: spec.episodes.trainWays,
            shots: spec.episodes.shots, queries: spec.episodes.queries,
            makeModel: { outputs in modelFactory(model, channels: channels, imageSize: imageSize)(outputs) },
            metaOptimizer: optimizerSettings(spec.training.optimizer), iterations: spec.training.iterations,
            seed: UInt64(spec.seed), threads: threads)
        return descriptor.make(context)
    }

    /// The architecture of `model` for the given images, as a function of the head's size.
    static func modelFactory(_ model: ModelSpec, channels: Int, imageSize: Int) -> @Sendable (Int) -> any Model {
        switch model {
        case .conv4(let hiddenChannels):
            return { Conv4(inputChannels: channels, imageSize: imageSize, hiddenChannels: hiddenChannels, outputs: $0) }
        case .mlp(let hiddenUnits):
            return { MLP(inputSize: channels * imageSize * imageSize, hiddenSizes: hiddenUnits, outputs: $0) }
        }
    }

    static func optimizerSettings(_ optimizer: OptimizerSpec) -> OptimizerSettings {
        switch optimizer {
        case .adam(let learningRate, let beta1, let beta2, let epsilon):
            return OptimizerSettings(kind: .adam, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
        case .sgd(let learningRate, let momentum):
            return OptimizerSettings(kind: .sgd, learningRate: learningRate, momentum: momentum)
        }
    }
}
