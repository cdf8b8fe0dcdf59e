import Specs

extension PairedComparison {
    /// The comparison as text in `format`, ending in a newline: a row per run (its own accuracy
    /// ± 95% interval, percent) and a row for the paired difference A − B.
    public func rendered(as format: TableFormat) -> String {
        let rows = [
            ("A: \(first.name)", first.learner, text(first.accuracy, first.ci95, signed: false)),
            ("B: \(second.name)", second.learner, text(second.accuracy, second.ci95, signed: false)),
            ("A − B paired over \(episodes) episodes", "", text(difference, ci95, signed: true)),
        ]
        let verdict =
            isSignificant
            ? "A − B is significant at the 95% level: its interval leaves out 0."
            : "A − B is not significant at the 95% level: its interval holds 0."
        switch format {
        case .markdown:
            return "| Run | Learner | Test accuracy (%) |\n|---|---|---:|\n"
                + rows.map { "| \($0.0) | \($0.1) | \($0.2) |\n" }.joined() + "\n" + verdict + "\n"
        case .csv:
            return "run,learner,accuracy\n" + rows.map { "\($0.0),\($0.1),\($0.2)\n" }.joined()
        case .latex:
            return "\\begin{tabular}{llc}\n  \\toprule\n  Run & Learner & Test accuracy (\\%) \\\\\n  \\midrule\n"
                + rows.map {
                    "  \(latex($0.0)) & \(latex($0.1)) & \($0.2.replacingOccurrences(of: "±", with: "$\\pm$")) \\\\\n"
                }.joined()
                + "  \\bottomrule\n\\end{tabular}\n"
        case .json:
            func run(_ run: Run) -> JSONValue {
                .object([
                    .init("path", .string(run.path)), .init("name", .string(run.name)),
                    .init("learner", .string(run.learner)),
                    .init("accuracy", .real(run.accuracy)), .init("ci95", .real(run.ci95)),
                ])
            }
            return JSONValue.object([
                .init("first", run(first)), .init("second", run(second)), .init("episodes", .integer(episodes)),
                .init("difference", .real(difference)), .init("ci95", .real(ci95)),
                .init("significant", .bool(isSignificant)),
            ]).formatted() + "\n"
        }
    }

    /// `81.2 ± 1.5`, or with `signed` a sign always: `+6.2 ± 1.3`.
    private func text(_ value: Double, _ interval: Double, signed: Bool) -> String {
        let figure = ResultTable.Cell.percent(value)
        return (signed && !figure.hasPrefix("-") ? "+" : "") + figure + " ± " + ResultTable.Cell.percent(interval)
    }

    private func latex(_ text: String) -> String {
        text.replacingOccurrences(of: "_", with: "\\_").replacingOccurrences(of: "−", with: "$-$")
            .replacingOccurrences(of: "&", with: "\\&").replacingOccurrences(of: "%", with: "\\%")
    }
}
