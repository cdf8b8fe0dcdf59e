extension StatisticsRecorder {
    /// The records of `recorders`, one recorder per task of a meta-batch, on every rank: under
    /// `mpirun` a rank ran (and recorded) only its share of the tasks, so the records are exchanged
    /// like the tasks' gradients (`TaskParallel.mapAcrossRanks`), bit for bit and in task order;
    /// without a process group they are returned as they are.
    public static func recordsAcrossRanks(_ recorders: [StatisticsRecorder]) -> [[RecordedStatistics]] {
        TaskParallel.mapAcrossRanks(recorders.count, threads: 1) { TaskRecords(recorders[$0].recorded) }.map(\.records)
    }
}

/// One task's recorded batch-norm statistics, as they cross between ranks.
private struct TaskRecords: RankTransferable {
    let records: [RecordedStatistics]

    init(_ records: [RecordedStatistics]) { self.records = records }

    func append(to bytes: inout [UInt8]) {
        bytes.appendInt(records.count)
        for record in records {
            bytes.appendString(record.layer)
            bytes.appendInt(record.count)
            bytes.appendInt(record.statistics.mean.count)
            record.statistics.mean.scalars.withUnsafeBufferPointer { bytes.appendFloats($0) }
            record.statistics.variance.scalars.withUnsafeBufferPointer { bytes.appendFloats($0) }
        }
    }

    init(from reader: inout RankByteReader) {
        records = (0..<reader.readInt()).map { _ in
            let layer = reader.readString()
            let count = reader.readInt()
            let channels = reader.readInt()
            let mean = Tensor(shape: [channels], scalars: reader.readFloats(channels))
            let variance = Tensor(shape: [channels], scalars: reader.readFloats(channels))
            return RecordedStatistics(
                layer: layer, statistics: BatchStatistics(mean: mean, variance: variance), count: count)
        }
    }
}
