/// The output formats of `metalearn table`.
public enum TableFormat: String, Sendable, CaseIterable {
    /// A GitHub-flavoured Markdown table; missing cells are `—`.
    case markdown
    /// Comma-separated values with a header line; missing cells are empty.
    case csv
    /// A LaTeX `tabular` with booktabs rules; missing cells are `---`.
    case latex
    /// Columns and rows with numeric accuracies (fractions); missing cells are `null`.
    case json
}
