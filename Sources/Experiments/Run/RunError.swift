import MetaLearning

/// Why a run cannot start or go on. Each description is one line for the user.
public enum RunError: Error, CustomStringConvertible, Sendable {
    case existingRun(directory: String)
    case nothingToResume(directory: String)
    case noCheckpoint(directory: String)
    case specChanged(directory: String)
    case unreadableCheckpoint(path: String, reason: String)
    case diverged(iteration: Int, lastCheckpoint: Int?, directory: String)
    case pretrainingDiverged(epoch: Int, lastCheckpoint: Int?, directory: String)
    case backbone(BackboneError, source: String)
    case initialization(path: String, reason: String)
    case directoryInUse(directory: String, holder: Int32?)
    case foreignFiles(directory: String, example: String)
    case foreignTensorBoardLog(directory: String, reason: String)
    case unusableDirectory(directory: String, reason: String)
    case damagedCheckpoint(path: String, reason: String)
    case needsTooMuchMemory(estimate: String, available: String, cause: String, settings: String)
    /// `ranks` empty: this process's CPU lacks `feature`; otherwise those ranks' CPUs do.
    case missingCPUFeature(mode: NumericsMode, feature: String, ranks: [Int])

    public var description: String {
        switch self {
        case .existingRun(let directory):
            return
                "\(directory) already holds a run; pass --resume to continue it or --out to start a new one elsewhere"
        case .nothingToResume(let directory):
            return "\(directory) holds no run to resume (no spec.json); run without --resume to start one"
        case .noCheckpoint(let directory):
            return
                "\(directory) holds no checkpoint (best.json or checkpoint.json); is it a run directory written by 'metalearn run'?"
        case .specChanged(let directory):
            return
                "\(directory)/spec.json differs from the spec given; resume with the same spec, or start a new run with --out"
        case .unreadableCheckpoint(let path, let reason):
            return "\(path): cannot read checkpoint: \(reason)"
        case .directoryInUse(let directory, let holder):
            return "\(directory) is in use by another metalearn run" + (holder.map { " (process \($0))" } ?? "")
                + "; wait for it to finish, or pass --out for a new run directory"
        case .foreignFiles(let directory, let example):
            return
                "\(directory) holds files that are not a run's (such as '\(example)'); a run writes only into an empty folder "
                + "or its own run directory: pass --out with another folder"
        case .foreignTensorBoardLog(let directory, let reason):
            return
                "\(directory) is not this run's TensorBoard folder: \(reason); move it out of the run directory, "
                + "or pass --out with another folder"
        case .unusableDirectory(let directory, let reason):
            return "\(directory): \(reason)"
        case .damagedCheckpoint(let path, let reason):
            return
                "\(path): damaged checkpoint: \(reason); resume from an intact copy, or start the run again in a new directory"
        case .needsTooMuchMemory(let estimate, let available, let cause, let settings):
            return
                "the run needs about \(estimate) of memory (\(cause)), more than the \(available) this process may use "
                + "(the machine's memory, or its control group's limit when lower); lower \(settings)"
        case .missingCPUFeature(let mode, let feature, let ranks):
            let lacking =
                ranks.isEmpty
                ? "this CPU lacks it" : "the CPUs of ranks \(ranks.map(String.init).joined(separator: ", ")) lack it"
            return
                "numerics \"\(mode.rawValue)\" needs the \(feature) instructions (AVX512-BF16) and \(lacking); "
                + "use \"fast\" numerics, or run on a CPU that has them"
        case .diverged(let iteration, let lastCheckpoint, let directory):
            let kept =
                lastCheckpoint.map { "the last good checkpoint (iteration \($0)) is kept in \(directory)" }
                ?? "no checkpoint had been written yet"
            return "training diverged: the loss became NaN or infinite at iteration \(iteration); \(kept). "
                + "Lower the learning rates (training.optimizer.lr, learner.innerLR) and run again"
        case .pretrainingDiverged(let epoch, let lastCheckpoint, let directory):
            let kept =
                lastCheckpoint.map { "the last good checkpoint (epoch \($0)) is kept in \(directory)" }
                ?? "no checkpoint had been written yet"
            return "pre-training diverged: the loss became NaN or infinite in epoch \(epoch); \(kept). "
                + "Lower pretraining.optimizer.lr (or add pretraining.warmupEpochs) and run again"
        case .backbone(let error, let source):
            return "\(source): \(error)"
        case .initialization(let path, let reason):
            return "model.initialization: \(path): \(reason)"
        }
    }
}
