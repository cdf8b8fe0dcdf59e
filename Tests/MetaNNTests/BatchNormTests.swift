import Testing
import MetaNN

/// The batch-norm modes through `Normalization`: running averages against hand-computed values,
/// recorded statistics against the batch's own, and independence of each image under running
/// statistics.
@Suite struct BatchNormTests {
    func images(_ count: Int, seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor(shape: [count, 1, 28, 28], scalars: (0..<(count * 784)).map { _ in generator.nextUnitFloat() })
    }

    /// Two batches of one channel: mean 1 then 3, biased variance 0.5 then 2 over n = 2 values each.
    @Test func runningAveragesFollowPyTorchsMomentumAndUnbiasedVariance() {
        func record(_ mean: Float, _ variance: Float) -> RecordedStatistics {
            let x = Tensor(shape: [2, 1], scalars: [mean - variance.squareRoot(), mean + variance.squareRoot()])
            let recorder = StatisticsRecorder()
            _ = Normalization.recording(recorder).normalize(x, layer: "norm", Parameters([("norm.scale", Tensor(repeating: 1, shape: [1])),
                                                                                         ("norm.shift", Tensor(zeros: [1]))]))
            return recorder.recorded[0]
        }
        var running = RunningStatistics()
        #expect(running.statistics(of: "norm", channels: 1).variance.scalars == [1])
        running.update(with: [record(1, 0.5), record(3, 2)])
        // mean: 0 → 0.1 → 0.9·0.1 + 0.1·3 = 0.39; variance (unbiased: ×2): 1 → 0.9 + 0.1 → 0.9·1.0 + 0.1·4 = 1.3.
        let statistics = running.statistics(of: "norm", channels: 1)
        #expect(abs(statistics.mean.scalars[0] - 0.39) < 1e-6)
        #expect(abs(statistics.variance.scalars[0] - 1.3) < 1e-6)
        #expect(running.values.names == ["norm.mean", "norm.variance"])
    }

    @Test func recordingSeesEveryLayerWithTheBatchsOwnStatistics() {
        var generator = SeededGenerator(seed: 4)
        let model = Conv4(hiddenChannels: 4, outputs: 3)
        let parameters = model.initialParameters(using: &generator)
        let x = images(5, seed: 5), recorder = StatisticsRecorder()
        let recorded = model(x, parameters, normalization: .recording(recorder))
        #expect(recorded.isIdentical(to: model(x, parameters)))
        #expect(recorder.recorded.map(\.layer) == ["block1.norm", "block2.norm", "block3.norm", "block4.norm"])
        #expect(recorder.recorded.map(\.count) == [5 * 28 * 28, 5 * 14 * 14, 5 * 7 * 7, 5 * 3 * 3])
        let first = x.conv2d(parameters.require("block1.conv.weight"), padding: 1)
        let mean = first.mean(alongAxes: [0, 2, 3]).scalars
        for (expected, found) in zip(mean, recorder.recorded[0].statistics.mean.scalars) {
            #expect(abs(expected - found) < 1e-5)
        }
    }

    /// With running statistics an image's logits are the same whatever the rest of its batch; with
    /// batch statistics (transductive) they change with it.
    @Test func runningStatisticsClassifyEachImageOnItsOwn() {
        var generator = SeededGenerator(seed: 6)
        let model = Conv4(hiddenChannels: 4, outputs: 3)
        let parameters = model.initialParameters(using: &generator)
        let recorder = StatisticsRecorder()
        _ = model(images(8, seed: 7), parameters, normalization: .recording(recorder))
        var running = RunningStatistics()
        running.update(with: recorder.recorded)
        let batch = images(4, seed: 8), others = images(4, seed: 9)
        let mixed = Tensor(shape: [4, 1, 28, 28], scalars: Array(batch.scalars.prefix(784)) + others.scalars.dropFirst(784))
        func firstRow(_ logits: Tensor) -> [Float] { Array(logits.scalars.prefix(3)) }
        #expect(firstRow(model(batch, parameters, normalization: .running(running)))
                == firstRow(model(mixed, parameters, normalization: .running(running))))
        #expect(firstRow(model(batch, parameters)) != firstRow(model(mixed, parameters)))
    }

    @Test func runningStatisticsNormaliseByTheGivenMeanAndVariance() {
        let x = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let parameters = Parameters([("norm.scale", Tensor(shape: [2], scalars: [2, 1])), ("norm.shift", Tensor(shape: [2], scalars: [0, 1]))])
        var running = RunningStatistics()
        let recorder = StatisticsRecorder()
        _ = Normalization.recording(recorder).normalize(x, layer: "norm", parameters)
        running.update(with: recorder.recorded)
        // mean 0.2, 0.3; unbiased variance 2 for both columns: 0.9 + 0.2 = 1.1.
        let y = Normalization.running(running).normalize(x, layer: "norm", parameters).scalars
        let deviation = (Float(1.1) + 1e-5).squareRoot()
        let expected: [Float] = [2 * (1 - 0.2) / deviation, (2 - 0.3) / deviation + 1, 2 * (3 - 0.2) / deviation, (4 - 0.3) / deviation + 1]
        for (value, hand) in zip(y, expected) { #expect(abs(value - hand) < 1e-5) }
    }
}
