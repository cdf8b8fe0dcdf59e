import Specs

/// A run's `report.md`: the result as a table row, the test and validation figures, timing, a link to
/// `curves.svg`, and the resolved spec.
public enum RunReport {
    /// The Markdown report of `result`, produced by running `spec`; `curvesFile` is the plot's path
    /// relative to the report.
    public static func markdown(result: RunResult, spec: ExperimentSpec, curvesFile: String = "curves.svg") -> String {
        let table = ResultTable(runs: [TabledRun(result: result, resolvedSpec: spec.resolvedJSON)], learnerOrder: [])
            .rendered(as: .markdown)
        let percent = { (fraction: Double) in String(format: "%.2f%%", fraction * 100) }
        var lines = [
            "# \(result.name)",
            "",
            "\(result.learner) on "
                + (result.episodes.map { "\($0) episodes, " }
                    ?? "\(result.ways)-way \(result.shots)-shot episodes with \(result.queries) queries per class, ")
                + "model \(result.model), seed \(result.seed).",
            "",
            table,
            "Test accuracy: \(percent(result.test.accuracy)) ± \(percent(result.test.ci95)) (95% confidence interval over "
                + "\(result.test.episodes) episodes).",
        ]
        if let validation = result.validation {
            lines.append(
                "Best validation accuracy: \(percent(validation.bestAccuracy)) at iteration \(validation.bestIteration) "
                    + "(the tested checkpoint).")
        } else {
            lines.append("No validation: the parameters after the last iteration were tested.")
        }
        let rate =
            result.trainSeconds > 0 ? String(format: "%.2f", Double(result.iterations) / result.trainSeconds) : "--"
        lines += [
            "",
            "## Timing",
            "",
            "Training: \(ProgressReporter.formatDuration(result.trainSeconds)) for \(result.iterations) iterations (\(rate) it/s).",
            "",
            "## Curves",
            "",
            "![Training loss, training and validation accuracy](\(curvesFile))",
            "",
            "## Settings",
            "",
            "```json",
            spec.canonicalJSON + "```",
            "",
            "spec SHA-256 `\(result.specSHA256)`, swift-metalearn \(result.version).",
            "",
        ]
        return lines.joined(separator: "\n")
    }
}
