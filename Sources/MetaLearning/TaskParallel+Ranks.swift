extension TaskParallel {
    /// `body(i)` for every i in `0..<count`, results by index, like `map(_:threads:_:)`; while a
    /// `ProcessGroup` is in effect on this thread (`ProcessGroups.current`), this rank runs only its
    /// share of the indices (on up to `threads` threads) and the results of all ranks are exchanged,
    /// so every rank returns all of them, bit for bit those a single process computes.
    public static func mapAcrossRanks<Result: RankTransferable>(
        _ count: Int, threads: Int,
        _ body: @Sendable (Int) -> Result
    ) -> [Result] {
        guard let group = ProcessGroups.current, group.size > 1 else {
            return map(count, threads: threads, body)
        }
        let share = group.share(of: count)
        let local = map(share.count, threads: threads) { body(share.lowerBound + $0) }
        var bytes: [UInt8] = []
        local.forEach { $0.append(to: &bytes) }
        return group.allGather(bytes).enumerated().flatMap { rank, bytes in
            var reader = RankByteReader(bytes)
            let results = ProcessGroups.share(of: count, rank: rank, size: group.size).map { _ in Result(from: &reader)
            }
            precondition(reader.isAtEnd, "TaskParallel.mapAcrossRanks: rank \(rank) sent more than its results")
            return results
        }
    }
}
