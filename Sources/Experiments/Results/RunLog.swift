/// Where a run's figures go as training goes: each record is a `metrics.jsonl` line and, once the
/// TensorBoard log is open, an event in its file, so the two always hold the same values.
struct RunLog {
    /// The run's `metrics.jsonl`.
    let metrics: MetricsLog
    /// The run's TensorBoard event file; nil until opened (and on ranks that do not write).
    var tensorBoard: TensorBoardLog?

    /// Appends `record` to both logs.
    func append(_ record: MetricsRecord) throws {
        try metrics.append(record)
        try tensorBoard?.append(record)
    }
}
