extension ReportPage {
    /// The settings of the resolved specs that differ between the runs, one column each, and in a
    /// collapsed list the settings they share.
    var differenceSection: String {
        let keys = Set(runs.flatMap(\.run.settings.keys)).sorted()
        let varying = keys.filter { key in runs.contains { $0.run.settings[key] != runs[0].run.settings[key] } }
        let shared = keys.filter { !varying.contains($0) }
        var html = ""
        if runs.contains(where: { !$0.run.hasResolvedSpec }) {
            html += ReportHTML.paragraph(
                "Runs without a spec.json beside their result.json show the settings their result records.", muted: true
            )
        }
        if varying.isEmpty {
            html += ReportHTML.paragraph("One run: nothing differs.", muted: true)
        } else {
            let rows = runs.indices.map { index in
                [reference(index)]
                    + varying.map { key in Markup.escape(runs[index].run.settings[key]?.labelText ?? "absent") }
            }
            html += ReportHTML.details(
                "\(varying.count) setting\(varying.count == 1 ? "" : "s") differ\(varying.count == 1 ? "s" : "")",
                open: runs.count <= Self.openLimit,
                ReportHTML.table(head: ["Run"] + varying.map(Markup.escape), rows: rows))
        }
        let sharedRows = shared.map { [Markup.escape($0), Markup.escape(runs[0].run.settings[$0]!.labelText)] }
        html += ReportHTML.details(
            "\(shared.count) setting\(shared.count == 1 ? "" : "s") every run shares", open: false,
            ReportHTML.table(head: ["Setting", "Value"], rows: sharedRows))
        return html
    }
}
