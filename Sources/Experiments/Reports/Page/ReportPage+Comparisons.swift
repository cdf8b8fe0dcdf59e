extension ReportPage {
    /// A group of six runs or fewer is compared pair by pair; a larger one, its best run with each other.
    static let allPairsLimit = 6

    /// Runs tested on the same episodes (`PairedComparison.episodeIdentity`), compared episode by
    /// episode: the mean difference with its 95% interval, as `metalearn table --compare` computes it.
    var comparisonSection: String {
        var groups: [(identity: String, runs: [Int])] = []
        for index in runs.indices {
            guard let identity = PairedComparison.episodeIdentity(of: runs[index].run) else { continue }
            if let group = groups.firstIndex(where: { $0.identity == identity }) {
                groups[group].runs.append(index)
            } else {
                groups.append((identity, [index]))
            }
        }
        groups.removeAll { $0.runs.count < 2 }
        guard !groups.isEmpty else {
            return ReportHTML.paragraph(
                "No two runs were tested on the same episodes (the same data set, split, seed, episode shape and "
                    + "test images).", muted: true)
        }
        var html = ReportHTML.paragraph(
            "Runs tested on the same episodes, compared episode by episode: A − B is the mean of the per-episode "
                + "accuracy differences (percentage points) with its 95% interval; it is significant when the interval "
                + "leaves out 0. Groups of more than \(Self.allPairsLimit) runs compare their best run with each other.",
            muted: true)
        for group in groups {
            let ranked = group.runs.sorted {
                (-runs[$0].run.result.test.accuracy, $0) < (-runs[$1].run.result.test.accuracy, $1)
            }
            let pairs =
                ranked.count <= Self.allPairsLimit
                ? ranked.indices.flatMap { a in ranked.indices.filter { $0 > a }.map { (ranked[a], ranked[$0]) } }
                : ranked.dropFirst().map { (ranked[0], $0) }
            let rows = pairs.compactMap { a, b -> [String]? in
                let (first, second) = (runs[a], runs[b])
                guard
                    let comparison = try? PairedComparison(
                        sharing: first.run.result, path: first.directory, second.run.result, path: second.directory)
                else { return nil }
                let difference = ResultTable.Cell.percent(comparison.difference)
                let verdict = comparison.isSignificant ? "<span class=\"significant\">yes</span>" : "no"
                return [
                    "\(reference(a)) \(Markup.escape(label(a)))", "\(reference(b)) \(Markup.escape(label(b)))",
                    "\(comparison.episodes)",
                    (difference.hasPrefix("-") ? "" : "+") + difference + " ± "
                        + ResultTable.Cell.percent(comparison.ci95),
                    verdict,
                ]
            }
            let first = runs[group.runs[0]].run.result
            let summary = Markup.escape(
                "\(first.episodeShape), seed \(first.seed), \(first.test.episodes) test episodes: "
                    + "\(group.runs.count) runs")
            html += ReportHTML.details(
                summary, open: rows.count <= Self.openLimit,
                ReportHTML.table(
                    head: ["A", "B", "Episodes", "A − B (points)", "Significant"], rows: rows, numeric: [2, 3]))
        }
        return html
    }
}
