import MetaLearning
import Testing

/// How tasks are divided among ranks and how results cross between them.
@Suite struct ProcessGroupTests {
    /// The shares cover `0..<count` once, in rank order, differ by at most one, larger first.
    @Test(arguments: [(0, 1), (1, 3), (5, 3), (32, 2), (32, 5), (7, 7), (3, 8)])
    func sharesPartitionTheTasksInOrder(count: Int, size: Int) {
        let shares = (0..<size).map { ProcessGroups.share(of: count, rank: $0, size: size) }
        #expect(shares.flatMap { Array($0) } == Array(0..<count))
        #expect(zip(shares, shares.dropFirst()).allSatisfy { $0.count == $1.count || $0.count == $1.count + 1 })
        if count > 0 { #expect(!shares[0].isEmpty) }
    }

    @Test func handComputedShares() {
        #expect((0..<3).map { ProcessGroups.share(of: 5, rank: $0, size: 3) } == [0..<2, 2..<4, 4..<5])
        #expect((0..<3).map { ProcessGroups.share(of: 1, rank: $0, size: 3) } == [0..<1, 1..<1, 1..<1])
    }

    /// Parameters and metrics read back are the same bits, names and shapes, one value after another.
    @Test func outcomesCrossBitForBit() {
        let awkward: [Float] = [-0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1 / 3, -.infinity, .nan]
        let parameters = Parameters([("layer.weight", Tensor(shape: [2, 3], scalars: awkward)),
                                     ("layer.bias", Tensor(shape: [], scalars: [0.1])),
                                     ("é", Tensor(shape: [0], scalars: []))])
        var bytes: [UInt8] = []
        TaskOutcome(parameters, TaskMetrics(loss: 1.25, accuracy: 0.2)).append(to: &bytes)
        TaskMetrics(loss: .nan, accuracy: 1).append(to: &bytes)
        var reader = RankByteReader(bytes)
        let outcome = TaskOutcome(from: &reader), metrics = TaskMetrics(from: &reader)
        #expect(reader.isAtEnd)
        #expect(outcome.parameters.names == parameters.names)
        #expect(outcome.parameters.tensors.map(\.shape) == parameters.tensors.map(\.shape))
        #expect(outcome.parameters.tensors.map { $0.scalars.map(\.bitPattern) } == parameters.tensors.map { $0.scalars.map(\.bitPattern) })
        #expect(outcome.metrics == TaskMetrics(loss: 1.25, accuracy: 0.2))
        #expect(metrics.loss.isNaN && metrics.accuracy == 1)
    }

    /// Without a group in effect, `mapAcrossRanks` is `map`: every index, in order, in this process.
    @Test func withoutAGroupEveryTaskRunsHere() {
        #expect(ProcessGroups.current == nil)
        let results = TaskParallel.mapAcrossRanks(6, threads: 2) { TaskMetrics(loss: Float($0), accuracy: 0) }
        #expect(results.map(\.loss) == [0, 1, 2, 3, 4, 5])
    }
}
