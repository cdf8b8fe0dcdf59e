/// A phase whose curves a plot draws: meta-training against iterations, or pre-training against
/// epochs, each with its training and validation records.
enum CurvePhase: CaseIterable {
    case pretraining, metaTraining

    /// The records of the phase's training steps.
    var training: MetricsRecord.Phase { self == .pretraining ? .pretraining : .train }
    /// The records of the phase's validations.
    var validation: MetricsRecord.Phase { self == .pretraining ? .pretrainingValidation : .validation }
    /// What a record's `iteration` counts in the phase.
    var unit: String { self == .pretraining ? "epoch" : "iteration" }
    /// The title of the training-loss panel.
    var lossTitle: String { self == .pretraining ? "Pre-training loss" : "Training loss" }
    /// The title of a panel of the phase's accuracy of `kind` (`Training accuracy`, `Accuracy`).
    func title(_ kind: String) -> String {
        guard self == .pretraining else { return kind }
        return "Pre-training " + (kind == "Training accuracy" ? "accuracy" : kind.lowercased())
    }

    /// The phases `records` hold, in run order; meta-training when they hold none.
    static func present(in records: [MetricsRecord]) -> [CurvePhase] {
        let present = allCases.filter { phase in records.contains { $0.phase == phase.training } }
        return present.isEmpty ? [.metaTraining] : present
    }

    /// The phase's axis from 0 to the last of its `records` (at least 1).
    func axis(_ records: [MetricsRecord]) -> PlotAxis {
        let last = records.filter { $0.phase == training || $0.phase == validation }.map(\.iteration).max() ?? 1
        return PlotAxis(title: unit, ticks: AxisTicks(covering: 0, Double(max(last, 1))))
    }
}
