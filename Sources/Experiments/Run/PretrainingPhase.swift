import FewShotData
import Foundation
import MetaLearning
import Specs

/// A run's pre-training phase (`pretraining` in the spec): epochs of supervised classification
/// over all training images, a metrics line per epoch, a checkpoint after each epoch
/// (`pretraining-checkpoint.json`), and few-shot validation with the spec's learner started from
/// the current body, whose best epoch is kept (`pretraining-best.json`) and starts meta-training.
///
/// Like meta-training it resumes to the same digits (batches are pure functions of the seed and
/// the step, and a checkpoint closes each epoch) and gives the same numbers on any thread or
/// rank count (`SupervisedPretraining` splits each batch into ghost batches in a fixed way).
struct PretrainingPhase {
    let runner: ExperimentRunner
    let settings: PretrainingSpec
    let batches: ClassificationBatches
    let trainer: SupervisedPretraining
    let learner: any Learner
    /// The learner's initial state, which each candidate body is installed into.
    let learnerInitial: LearnerState
    /// The validation episodes of each validating source; empty when the phase does not validate.
    let validation: [EpisodeSampler]

    /// The phase of `runner`'s spec over `data`, for `learner` starting from `learnerStart`.
    /// - Throws: `RunError.backbone` when the learner cannot start from the body the phase trains.
    init(runner: ExperimentRunner, data: ExperimentData, learner: any Learner, learnerStart: LearnerState) throws {
        let spec = runner.spec
        guard let settings = spec.pretraining, let batches = data.pretraining else {
            preconditionFailure("a pre-training phase needs the spec's pretraining section and its batches")
        }
        self.runner = runner
        self.settings = settings
        self.batches = batches
        trainer = SupervisedPretraining(
            body: LearnerFactory.body(spec: spec, channels: data.channels, imageSize: data.imageSize),
            classes: batches.classes.count, classifier: settings.classifierKind,
            optimizer: settings.optimizer(batchesPerEpoch: batches.batchesPerEpoch),
            labelSmoothing: Float(settings.labelSmoothing), ghostBatchSize: settings.ghostBatchSize,
            batchNorm: BatchNormMode(modelSettings: spec.model.parameters), seed: UInt64(spec.seed),
            threads: runner.options.threads)
        self.learner = learner
        learnerInitial = learnerStart
        validation = spec.validatesPretraining ? data.validationSamplers : []
        // The learner must be able to start from the body before any epoch is spent on it.
        var generator = SeededGenerator(seed: UInt64(spec.seed), stream: [0x1A17])
        var probe = trainer.initialState(using: &generator)
        probe.parameters[BaseFeatureMean.role] = Parameters([])
        _ = try startedLearner(from: probe)
    }

    /// Whether the learner subtracts the base-class mean (SimpleShot), so validating it needs one.
    var needsBaseMean: Bool { learnerInitial.parameters[BaseFeatureMean.role] != nil }

    /// The learner's initial state with `backbone`'s body (and base-class mean) installed.
    func startedLearner(from backbone: LearnerState) throws(RunError) -> LearnerState {
        do {
            return try learnerInitial.startingFrom(backbone)
        } catch {
            throw .backbone(error, source: "pretraining")
        }
    }

    /// Trains the remaining epochs from `checkpoint` (nil: from the start) and returns the body to
    /// start the learner from (the best validated epoch's, or the last's) with the phase's summary.
    func run(from checkpoint: Checkpoint?, log: RunLog, progress: ProgressReporter) throws -> (
        LearnerState, RunResult.PretrainingSummary
    ) {
        let files = runner.files
        let spec = runner.spec
        var state: LearnerState
        var phase = TrainingState(checkpoint: checkpoint, specSHA256: spec.specSHA256)
        if let checkpoint {
            state = checkpoint.learner
            progress.note(
                "resuming pre-training of \(spec.name) at epoch \(checkpoint.iteration) of \(settings.epochs)")
        } else {
            var generator = SeededGenerator(seed: UInt64(spec.seed), stream: [0x1A17])
            state = trainer.initialState(using: &generator)
        }
        let stepsPerEpoch = batches.batchesPerEpoch
        let steps = ProgressReporter(
            total: settings.epochs * stepsPerEpoch, startIteration: phase.iteration * stepsPerEpoch,
            mode: runner.options.writes ? runner.options.progress : .quiet, every: stepsPerEpoch, label: "step",
            imagesPerIteration: settings.batchSize)
        var clock = ProgressReporter.monotonicSeconds()
        func elapsed() -> Double { phase.addTime(since: &clock) }
        let shape = [settings.batchSize, batches.channels, batches.size, batches.size]
        while phase.iteration < settings.epochs {
            let epoch = phase.iteration + 1
            var (loss, accuracy) = (0.0, 0.0)
            let epochStart = ProgressReporter.monotonicSeconds()
            for position in 0..<stepsPerEpoch {
                let step = phase.iteration * stepsPerEpoch + position
                let batch = batches.batch(step)
                let metrics = trainer.step(
                    &state, images: Tensor(shape: shape, scalars: batch.images), labels: batch.labels, step: step)
                guard metrics.loss.isFinite else {
                    throw RunError.pretrainingDiverged(
                        epoch: epoch, lastCheckpoint: phase.lastCheckpoint, directory: runner.options.directory.path)
                }
                loss += Double(metrics.loss)
                accuracy += Double(metrics.accuracy)
                steps.update(iteration: step + 1, loss: Double(metrics.loss), accuracy: Double(metrics.accuracy))
            }
            let trainingSeconds = ProgressReporter.monotonicSeconds() - epochStart
            phase.iteration = epoch
            let count = Double(stepsPerEpoch)
            try runner.writing {
                try log.append(
                    MetricsRecord(
                        iteration: epoch, phase: .pretraining, loss: loss / count, accuracy: accuracy / count,
                        seconds: elapsed(), learningRate: trainer.learningRate(atStep: epoch * stepsPerEpoch - 1),
                        imagesPerSecond: Double(stepsPerEpoch * settings.batchSize) / trainingSeconds))
            }
            if !validation.isEmpty, epoch % settings.validateEvery == 0 || epoch == settings.epochs {
                // The base-class mean costs a pass over the training images: taken here only for a
                // learner that subtracts it, otherwise only for an epoch that is kept.
                let candidate = needsBaseMean ? backbone(state) : state
                let mean = Evaluation.meanOverSources(
                    learner, try startedLearner(from: candidate), on: validation,
                    episodes: settings.validationEpisodes, threads: runner.options.threads)
                try runner.writing {
                    try log.append(
                        MetricsRecord(
                            iteration: epoch, phase: .pretrainingValidation, loss: Double(mean.loss),
                            accuracy: Double(mean.accuracy), seconds: elapsed()))
                }
                var note = String(
                    format: "pre-training validation at epoch %d: accuracy %.2f%%", epoch, 100 * mean.accuracy)
                if Double(mean.accuracy) > phase.bestValidationAccuracy ?? -1 {
                    phase.bestValidationAccuracy = Double(mean.accuracy)
                    phase.bestIteration = epoch
                    try runner.writing {
                        let kept = needsBaseMean ? candidate : backbone(state)
                        try phase.checkpoint(kept, elapsed: elapsed()).write(to: files.pretrainingBest)
                    }
                    note += " (best so far)"
                }
                progress.note(note)
            }
            guard state.parameters.values.allSatisfy(\.isFinite) else {
                throw RunError.pretrainingDiverged(
                    epoch: epoch, lastCheckpoint: phase.lastCheckpoint, directory: runner.options.directory.path)
            }
            try runner.writing {
                try phase.checkpoint(state, elapsed: elapsed()).write(to: files.pretrainingCheckpoint)
            }
            phase.lastCheckpoint = epoch
        }
        steps.finish()
        if phase.bestIteration == nil {
            // Without validation the last epoch's body is the chosen one; it is kept like a best one,
            // so that other runs can start from it (`model.initialization`).
            try runner.writing {
                try phase.checkpoint(backbone(state), elapsed: phase.trainSeconds).write(to: files.pretrainingBest)
            }
        }
        guard let chosen = try runner.sharedCheckpoint(files.pretrainingBest, phase: .pretraining)?.learner else {
            preconditionFailure("rank 0 sent no chosen pre-training checkpoint")
        }
        let validationSummary = phase.bestValidationAccuracy.map {
            RunResult.ValidationSummary(bestAccuracy: $0, bestIteration: phase.bestIteration ?? 0)
        }
        return (
            chosen,
            RunResult.PretrainingSummary(
                epochs: settings.epochs, validation: validationSummary, seconds: phase.trainSeconds)
        )
    }

    /// The pre-training state as a backbone: with the base-class mean feature over every training
    /// image (SimpleShot's CL2N subtracts it), stored with the chosen checkpoint whatever the
    /// spec's learner, so that a head that needs it can start from the run later.
    func backbone(_ state: LearnerState) -> LearnerState {
        var backbone = state
        let chunk = trainer.ghostBatchSize
        let classes = batches.classes
        let images = classes.indices.flatMap { label in (0..<classes[label].imageCount).map { (label, $0) } }
        let shape = [batches.channels, batches.size, batches.size]
        let chunks = (images.count + chunk - 1) / chunk
        let mean = trainer.meanFeature(
            of: chunks,
            { index in
                let picks = images[(index * chunk)..<min(images.count, (index + 1) * chunk)]
                return Tensor(shape: [picks.count] + shape, scalars: picks.flatMap { classes[$0.0].image($0.1) })
            }, with: state)
        backbone.parameters[BaseFeatureMean.role] = Parameters([(BaseFeatureMean.name, mean)])
        return backbone
    }
}
