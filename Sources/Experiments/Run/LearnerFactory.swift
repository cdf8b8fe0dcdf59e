import MetaLearning
import Specs

/// Builds the learner a spec names, with its model and meta-optimizer.
public enum LearnerFactory {
    /// A fresh learner for `spec` on images of `channels` × `imageSize` × `imageSize`.
    public static func make(
        spec: ExperimentSpec, registry: LearnerRegistry, channels: Int, imageSize: Int,
        threads: Int
    ) -> any Learner {
        guard let descriptor = registry.descriptor(named: spec.learner.name),
            let architecture = ModelCatalog.descriptor(named: spec.model.name)
        else {
            preconditionFailure(
                "spec validation admitted unknown learner '\(spec.learner.name)' or model '\(spec.model.name)'")
        }
        let modelParameters = spec.model.parameters
        let context = LearnerContext(
            hyperparameters: spec.learner.parameters, ways: spec.episodes.ways.upperBound,
            trainWays: spec.episodes.trainWays, shots: spec.episodes.shots.upperBound, queries: spec.episodes.queries,
            makeModel: { outputs in architecture.make(channels, imageSize, modelParameters, outputs) },
            metaOptimizer: spec.training.metaOptimizer, iterations: spec.training.iterations,
            seed: UInt64(spec.seed), threads: threads, batchNorm: BatchNormMode(modelSettings: modelParameters))
        return descriptor.make(context)
    }

    /// The body (the model without a head) of `spec`'s model on images of `channels` × `imageSize` ×
    /// `imageSize`: what a pre-training phase trains.
    public static func body(spec: ExperimentSpec, channels: Int, imageSize: Int) -> any Model {
        guard let architecture = ModelCatalog.descriptor(named: spec.model.name) else {
            preconditionFailure("spec validation admitted unknown model '\(spec.model.name)'")
        }
        return architecture.make(channels, imageSize, spec.model.parameters, 0)
    }
}
