import Specs
extension ResultTable {
    /// The table as text in `format`, ending in a newline; the same results give the same text.
    public func rendered(as format: TableFormat) -> String {
        switch format {
        case .markdown: return markdown
        case .csv: return csv
        case .latex: return latex
        case .json: return json.formatted() + "\n"
        }
    }

    private var markdown: String {
        func line(_ fields: [String]) -> String { "| " + fields.joined(separator: " | ") + " |\n" }
        let escape = { (text: String) in text.replacingOccurrences(of: "|", with: "\\|") }
        return line(["Learner"] + columns.map(\.title))
            + "|---|" + String(repeating: "---:|", count: columns.count) + "\n"
            + rows.map { row in line([escape(row.title)] + row.cells.map { $0?.text ?? "—" }) }.joined()
            + (footnoteLines.isEmpty ? "" : "\n" + footnoteLines.map { "- \($0)\n" }.joined())
    }

    /// "[1] portable numerics on x86_64", one per footnote, then the notes.
    private var footnoteLines: [String] {
        footnotes.enumerated().map { "[\($0.offset + 1)] \($0.element)" } + notes
    }

    private var csv: String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }
        return line(["learner"] + columns.map(\.title))
            + rows.map { row in line([row.title] + row.cells.map { $0?.text ?? "" }) }.joined()
            + footnoteLines.map { line([$0]) }.joined()
    }

    private var latex: String {
        func escape(_ text: String) -> String {
            var result = ""
            for character in text {
                switch character {
                case "\\": result += "\\textbackslash{}"
                case "&", "%", "$", "#", "_", "{", "}": result += "\\\(character)"
                case "~": result += "\\textasciitilde{}"
                case "^": result += "\\textasciicircum{}"
                default: result.append(character)
                }
            }
            return result
        }
        func line(_ fields: [String]) -> String { "  " + fields.joined(separator: " & ") + " \\\\\n" }
        return "\\begin{tabular}{l" + String(repeating: "c", count: columns.count) + "}\n"
            + "  \\toprule\n"
            + line(["Learner"] + columns.map(\.title))
            + "  \\midrule\n"
            + rows.map { row in
                line([escape(row.title)] + row.cells.map { $0.map { escape($0.text).replacingOccurrences(of: "±", with: "$\\pm$") } ?? "---" })
            }.joined()
            + "  \\bottomrule\n"
            + "\\end{tabular}\n"
            + footnoteLines.map { "\\par " + escape($0) + "\n" }.joined()
    }

    private var json: JSONValue {
        var members: [JSONValue.Member] = [
            .init("columns", .array(columns.map { .string($0.title) })),
            .init("rows", .array(rows.map { row in
                .object([.init("learner", .string(row.learner))]
                    + (row.numerics.map { [.init("numerics", .string($0.rawValue))] } ?? [])
                    + [.init("cells", .object(zip(columns, row.cells).map { column, cell in
                        .init(column.title, cell.map { cell in
                            .object([.init("accuracy", .real(cell.accuracy)), .init("ci95", .real(cell.ci95)),
                                     .init("runs", .integer(cell.runs))]
                                    + (cell.footnotes.isEmpty ? [] : [.init("footnotes", .array(cell.footnotes.map { .integer($0) }))]))
                        } ?? .null)
                    }))])
            })),
        ]
        if !footnotes.isEmpty { members.append(.init("footnotes", .array(footnotes.map { .string($0) }))) }
        if !notes.isEmpty { members.append(.init("notes", .array(notes.map { .string($0) }))) }
        return .object(members)
    }
}
