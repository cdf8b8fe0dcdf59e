import MetaLearning
import Specs

/// Builds the learner a spec names, with its model and meta-optimizer.
public enum LearnerFactory {
    /// A fresh learner for `spec` on images of `channels` × `imageSize` × `imageSize`.
    public static func make(spec: ExperimentSpec, registry: LearnerRegistry, channels: Int, imageSize: Int,
                            threads: Int) -> any Learner {
        guard let descriptor = registry.descriptor(named: spec.learner.name),
              let architecture = ModelCatalog.descriptor(named: spec.model.name) else {
            preconditionFailure("spec validation admitted unknown learner '\(spec.learner.name)' or model '\(spec.model.name)'")
        }
        let modelParameters = spec.model.parameters
        let context = LearnerContext(
            hyperparameters: spec.learner.parameters, ways: spec.episodes.ways, trainWays: spec.episodes.trainWays,
            shots: spec.episodes.shots, queries: spec.episodes.queries,
            makeModel: { outputs in architecture.make(channels, imageSize, modelParameters, outputs) },
            metaOptimizer: optimizerSettings(spec.training), iterations: spec.training.iterations,
            seed: UInt64(spec.seed), threads: threads, batchNorm: BatchNormMode(modelSettings: modelParameters))
        return descriptor.make(context)
    }

    /// The engine's settings of the spec's `training.optimizer` and `training.schedule`.
    static func optimizerSettings(_ training: TrainingSpec) -> OptimizerSettings {
        let settings = training.optimizer.parameters
        let schedule = schedule(training)
        switch training.optimizer.name {
        case OptimizerCatalog.sgd.name:
            return OptimizerSettings(kind: .sgd, learningRate: settings.real("lr"), schedule: schedule, momentum: settings.real("momentum"),
                                     weightDecay: training.weightDecay)
        default:
            return OptimizerSettings(kind: .adam, learningRate: settings.real("lr"), schedule: schedule, beta1: settings.real("beta1"),
                                     beta2: settings.real("beta2"), epsilon: settings.real("epsilon"), weightDecay: training.weightDecay)
        }
    }

    /// The meta learning rate's schedule; a cosine anneals over the run's `iterations`; a warm-up,
    /// when asked for, scales it.
    static func schedule(_ training: TrainingSpec) -> LearningRateSchedule {
        let settings = training.schedule.parameters
        let schedule: LearningRateSchedule
        switch training.schedule.name {
        case ScheduleCatalog.step.name: schedule = .step(every: settings.integer("every"), factor: settings.real("factor"))
        case ScheduleCatalog.cosine.name: schedule = .cosine(iterations: training.iterations, minimum: settings.real("minimumLR"))
        default: schedule = .constant
        }
        return training.warmupIterations > 0 ? .warmup(iterations: training.warmupIterations, then: schedule) : schedule
    }
}
