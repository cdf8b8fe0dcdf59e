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

    /// The title of the average-rank column, when the table has one.
    private var rankTitle: [String] { averageRanks.isEmpty ? [] : ["Avg. rank"] }

    /// Row `position`'s average rank with two decimals (`missing` when it has none), when the table has them.
    private func rankText(_ position: Int, missing: String) -> [String] {
        guard !averageRanks.isEmpty else { return [] }
        return [averageRanks[position].map { String(format: "%.2f", $0) } ?? missing]
    }

    /// The caption, the notes, then "[1] portable numerics on x86_64", one per footnote.
    private var closingLines: [String] {
        [caption] + notes + footnotes.enumerated().map { "[\($0.offset + 1)] \($0.element)" }
    }

    private var markdown: String {
        func line(_ fields: [String]) -> String { "| " + fields.joined(separator: " | ") + " |\n" }
        let escape = { (text: String) in text.replacingOccurrences(of: "|", with: "\\|") }
        return line(["Learner"] + columns.map { escape($0.title) } + rankTitle)
            + "|---|" + String(repeating: "---:|", count: columns.count + rankTitle.count) + "\n"
            + rows.enumerated().map { position, row in
                line([escape(row.title)] + row.cells.map { $0?.text ?? "—" } + rankText(position, missing: "—"))
            }.joined()
            + "\n" + closingLines.map { "- \($0)\n" }.joined()
    }

    /// One line per cell, its figures in columns of their own (fractions): the row, the column, mean,
    /// ci95, n (runs), the interval's kind (`seeds` or `episodes`), the seeds, the footnotes.
    private var csv: String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }
        return line(["row", "column", "mean", "ci95", "n", "interval", "seeds", "footnotes"])
            + rows.flatMap { row in
                zip(columns, row.cells).compactMap { column, cell in
                    cell.map { cell in
                        line([
                            row.title, column.title, String(cell.accuracy), String(cell.ci95), String(cell.runs),
                            cell.runs > 1 ? "seeds" : "episodes",
                            cell.seeds.map { String($0.seed) }.joined(separator: " "),
                            cell.footnotes.map(String.init).joined(separator: " "),
                        ])
                    }
                }
            }.joined()
            + zip(rows, averageRanks).compactMap { row, rank in
                rank.map { line([row.title, "average rank", String($0), "", "", "rank", "", ""]) }
            }.joined()
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
            return result.replacingOccurrences(of: "±", with: "$\\pm$")
        }
        func line(_ fields: [String]) -> String { "  " + fields.joined(separator: " & ") + " \\\\\n" }
        return "\\begin{tabular}{l" + String(repeating: "c", count: columns.count + rankTitle.count) + "}\n"
            + "  \\toprule\n"
            + line(["Learner"] + columns.map { escape($0.title) } + rankTitle)
            + "  \\midrule\n"
            + rows.enumerated().map { position, row in
                line(
                    [escape(row.title)] + row.cells.map { $0.map { escape($0.text) } ?? "---" }
                        + rankText(position, missing: "---"))
            }
            .joined()
            + "  \\bottomrule\n"
            + "\\end{tabular}\n"
            + closingLines.map { "\\par " + escape($0) + "\n" }.joined()
    }

    private var json: JSONValue {
        var members: [JSONValue.Member] = [
            .init("caption", .string(caption)),
            .init("columns", .array(columns.map { .string($0.title) })),
            .init(
                "rows",
                .array(
                    rows.enumerated().map { position, row in
                        .object(
                            [.init("title", .string(row.title))]
                                + (averageRanks.isEmpty
                                    ? [] : [.init("averageRank", averageRanks[position].map(JSONValue.real) ?? .null)])
                                + [
                                    .init("settings", .object(row.settings.map { .init($0.key, $0.value ?? .null) })),
                                    .init(
                                        "cells",
                                        .object(
                                            zip(columns, row.cells).map { column, cell in
                                                .init(
                                                    column.title,
                                                    cell.map { cell in
                                                        .object(
                                                            [
                                                                .init("accuracy", .real(cell.accuracy)),
                                                                .init("ci95", .real(cell.ci95)),
                                                                .init("n", .integer(cell.runs)),
                                                                .init(
                                                                    "interval",
                                                                    .string(cell.runs > 1 ? "seeds" : "episodes")),
                                                                .init(
                                                                    "seeds",
                                                                    .array(
                                                                        cell.seeds.map {
                                                                            .object([
                                                                                .init("seed", .integer($0.seed)),
                                                                                .init("accuracy", .real($0.accuracy)),
                                                                            ])
                                                                        })),
                                                            ]
                                                                + (cell.footnotes.isEmpty
                                                                    ? []
                                                                    : [
                                                                        .init(
                                                                            "footnotes",
                                                                            .array(cell.footnotes.map { .integer($0) }))
                                                                    ]))
                                                    } ?? .null)
                                            })),
                                ])
                    })),
        ]
        let unseen = columns.filter(\.unseen).map { JSONValue.string($0.title) }
        if !unseen.isEmpty { members.append(.init("unseenColumns", .array(unseen))) }
        if !notes.isEmpty { members.append(.init("notes", .array(notes.map { .string($0) }))) }
        if !footnotes.isEmpty { members.append(.init("footnotes", .array(footnotes.map { .string($0) }))) }
        return .object(members)
    }
}
