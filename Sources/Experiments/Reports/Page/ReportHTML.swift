/// The HTML building blocks of the report page; every argument is already HTML (escape text first).
enum ReportHTML {
    /// A table with a header row; `numeric` columns are right-aligned; a row's first cell heads it.
    static func table(head: [String], rows: [[String]], numeric: Set<Int> = [], rowIDs: [String]? = nil) -> String {
        func attributes(_ column: Int) -> String { numeric.contains(column) ? " class=\"number\"" : "" }
        var html = "<div class=\"scroll\"><table>\n<thead><tr>"
        html += head.enumerated().map { "<th scope=\"col\"\(attributes($0.offset))>\($0.element)</th>" }.joined()
        html += "</tr></thead>\n<tbody>\n"
        for (index, row) in rows.enumerated() {
            let id = rowIDs.map { " id=\"\($0[index])\"" } ?? ""
            html += "<tr\(id)>"
            html += row.enumerated().map { column, cell in
                column == 0 ? "<th scope=\"row\">\(cell)</th>" : "<td\(attributes(column))>\(cell)</td>"
            }.joined()
            html += "</tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }

    /// A disclosure: `summary` always shown, `body` when open.
    static func details(_ summary: String, open: Bool, _ body: String) -> String {
        "<details\(open ? " open" : "")><summary>\(summary)</summary>\n\(body)</details>\n"
    }

    /// A paragraph of `text`.
    static func paragraph(_ text: String, muted: Bool = false) -> String {
        "<p\(muted ? " class=\"muted\"" : "")>\(text)</p>\n"
    }
}
