extension ReportPage {
    /// The table's cells as `metalearn table` prints them, each with its seeds and their accuracies,
    /// and the average rank when the runs have several test sources, then the caption, the notes and the footnotes.
    var accuracySection: String {
        let ranked = !table.averageRanks.isEmpty
        let head = ["Learner"] + table.columns.map { Markup.escape($0.title) } + (ranked ? ["Avg. rank"] : [])
        let rows = table.rows.enumerated().map { position, row in
            [Markup.escape(row.title)]
                + row.cells.map { cell in
                    guard let cell else { return "—" }
                    let seeds = cell.seeds.map { "seed \($0.seed): \(ResultTable.Cell.percent($0.accuracy))" }
                    return "\(Markup.escape(cell.text))<div class=\"seeds\">\(seeds.joined(separator: " · "))</div>"
                }
                + (ranked ? [table.averageRanks[position].map { String(format: "%.2f", $0) } ?? "—"] : [])
        }
        var html = ReportHTML.table(head: head, rows: rows, numeric: Set(1..<head.count))
        html += ReportHTML.paragraph(Markup.escape(table.caption), muted: true)
        let closing = table.notes + table.footnotes.enumerated().map { "[\($0.offset + 1)] \($0.element)" }
        if !closing.isEmpty {
            html += "<ul class=\"caption\">" + closing.map { "<li>\(Markup.escape($0))</li>" }.joined() + "</ul>\n"
        }
        return html
    }
}
