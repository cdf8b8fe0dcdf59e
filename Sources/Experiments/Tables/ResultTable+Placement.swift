extension ResultTable {
    /// The row and column of the cell that holds `run` (one of the runs tabulated), or nil for a run
    /// the table was not made from: the row whose settings and the column whose values `run` has. A run
    /// with `dataset.sources` (not split by `TabledRun.perSource`) is placed in its first source's column.
    public func place(_ run: TabledRun) -> (row: Int, column: Int)? {
        guard
            let row = rows.firstIndex(where: { row in row.settings.allSatisfy { run.settings[$0.key] == $0.value } }),
            let column = columns.firstIndex(where: { column in
                zip(layout.columns, column.values).allSatisfy { key, value in
                    run.settings[key] == value || key == TabledRun.sourceKey && run.settings[key] == nil
                }
            })
        else { return nil }
        return (row, column)
    }
}
