extension ReportPage {
    /// The table's cells as `metalearn table` prints them, each with its seeds and their accuracies,
    /// then the caption, the notes and the footnotes.
    var accuracySection: String {
        let head = ["Learner"] + table.columns.map { Markup.escape($0.title) }
        let rows = table.rows.map { row in
            [Markup.escape(row.title)]
                + row.cells.map { cell in
                    guard let cell else { return "—" }
                    let seeds = cell.seeds.map { "seed \($0.seed): \(ResultTable.Cell.percent($0.accuracy))" }
                    return "\(Markup.escape(cell.text))<div class=\"seeds\">\(seeds.joined(separator: " · "))</div>"
                }
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
