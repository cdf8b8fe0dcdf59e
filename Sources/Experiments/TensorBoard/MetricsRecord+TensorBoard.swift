extension MetricsRecord {
    /// The record's figures as TensorBoard scalars, tagged `<section>/<figure>`: `loss`, `accuracy`,
    /// then `learning_rate` and `images_per_second` where the record has them (`train/loss`,
    /// `validation/accuracy`, `pretraining/train/learning_rate`, ...).
    public var tensorBoardScalars: [TensorBoardScalar] {
        let figures: [(name: String, value: Double?)] = [
            ("loss", loss), ("accuracy", accuracy), ("learning_rate", learningRate),
            ("images_per_second", imagesPerSecond),
        ]
        return figures.compactMap { figure in
            figure.value.map { TensorBoardScalar(tag: "\(phase.tensorBoardSection)/\(figure.name)", value: Float($0)) }
        }
    }

    /// The record as the event of a log started at `startTime` (seconds since 1970): step
    /// `iteration`, wall time `startTime + seconds`, so TensorBoard's relative time axis reads the
    /// run's training seconds, resumed sessions summed.
    public func tensorBoardEvent(startTime: Double) -> TensorBoardEvent {
        TensorBoardEvent(wallTime: startTime + seconds, step: Int64(iteration), content: .scalars(tensorBoardScalars))
    }
}

extension MetricsRecord.Phase {
    /// The phase's tag prefix: `train` and `validation` for meta-training, `pretraining/train` and
    /// `pretraining/validation` for pre-training (TensorBoard groups tags by their first part).
    public var tensorBoardSection: String {
        switch self {
        case .train: return "train"
        case .validation: return "validation"
        case .pretraining: return "pretraining/train"
        case .pretrainingValidation: return "pretraining/validation"
        }
    }
}
