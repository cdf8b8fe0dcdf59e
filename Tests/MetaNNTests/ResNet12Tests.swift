import Testing
import MetaNN

@Suite struct ResNet12Tests {
    /// Lee et al. (2019)'s widths: 12,424,320 body parameters, counted by hand per block as three
    /// 3×3 convolutions, a 1×1 shortcut and four batch norms (scale and shift).
    @Test func standardWidthsGiveThePapersParameterCount() {
        var generator = SeededGenerator(seed: 1)
        let parameters = ResNet12(outputs: 0).initialParameters(using: &generator)
        let blocks = [(3, 64), (64, 160), (160, 320), (320, 640)].map { inputs, width in
            width * inputs * 9 + 2 * width * width * 9 + width * inputs + 8 * width
        }
        #expect(blocks.reduce(0, +) == 12_424_320)
        #expect(parameters.scalarCount == 12_424_320)
        #expect(ResNet12(outputs: 0).featureCount == 640)
        #expect(parameters.names.prefix(3) == ["block1.conv1.weight", "block1.conv1.norm.scale", "block1.conv1.norm.shift"])
    }

    @Test func shapesAtEightyFourPixels() {
        var generator = SeededGenerator(seed: 2)
        let model = ResNet12(widths: [4, 5, 6, 7], outputs: 3)
        let parameters = model.initialParameters(using: &generator)
        let images = Tensor(shape: [2, 3, 84, 84], scalars: (0..<(2 * 3 * 84 * 84)).map { _ in generator.nextUnitFloat() })
        #expect(model.features(images, parameters).shape == [2, 7])
        #expect(model(images, parameters).shape == [2, 3])
        #expect(parameters.names.suffix(2) == ["head.weight", "head.bias"])
    }

    /// With running statistics an image's features do not depend on the other images of its batch;
    /// with batch statistics they do, and recording changes nothing but what is recorded (all 16
    /// normalisations of four blocks).
    @Test func batchNormModesReachEveryLayer() {
        var generator = SeededGenerator(seed: 4)
        let model = ResNet12(inputChannels: 1, imageSize: 16, widths: [3, 4, 5, 6], outputs: 0)
        let parameters = model.initialParameters(using: &generator)
        func images() -> [Float] { (0..<(2 * 256)).map { _ in generator.nextUnitFloat() } }
        let batch = images(), other = images()
        let mixed = Tensor(shape: [2, 1, 16, 16], scalars: Array(batch.prefix(256)) + other.suffix(256))
        let original = Tensor(shape: [2, 1, 16, 16], scalars: batch)
        func firstRow(_ images: Tensor, _ normalization: Normalization) -> [Float] {
            Array(model.features(images, parameters, normalization: normalization).scalars.prefix(6))
        }
        let running = Normalization.running(RunningStatistics())
        #expect(firstRow(original, running) == firstRow(mixed, running))
        #expect(firstRow(original, .batch) != firstRow(mixed, .batch))
        let recorder = StatisticsRecorder()
        #expect(firstRow(original, .recording(recorder)) == firstRow(original, .batch))
        #expect(recorder.recorded.count == 16)
    }

    @Test(arguments: [UInt64(3), 4, 5]) func gradientMatchesFiniteDifferences(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let model = ResNet12(inputChannels: 1, imageSize: 16, widths: [3, 4, 5, 6], outputs: 3)
        let parameters = model.initialParameters(using: &generator)
        let images = Tensor(shape: [6, 1, 16, 16], scalars: (0..<(6 * 256)).map { _ in generator.nextUnitFloat() })
        expectGradientMatchesFiniteDifferences(of: model, at: parameters, images: images, labels: [0, 1, 2, 0, 1, 2])
    }

    /// DropBlock acts only inside a training pass, draws the same masks from the same seed, and
    /// other masks from another seed.
    @Test func dropBlockActsOnlyInTrainingPasses() {
        var generator = SeededGenerator(seed: 4)
        let plain = ResNet12(inputChannels: 1, imageSize: 32, widths: [4, 4, 4, 4], outputs: 0)
        let regularised = ResNet12(inputChannels: 1, imageSize: 32, widths: [4, 4, 4, 4],
                                   dropBlock: DropBlock(blockSize: 2, rate: 0.3), outputs: 0)
        let parameters = plain.initialParameters(using: &generator)
        let images = Tensor(shape: [3, 1, 32, 32], scalars: (0..<(3 * 1024)).map { _ in generator.nextUnitFloat() })
        let evaluation = regularised.features(images, parameters)
        #expect(evaluation.isIdentical(to: plain.features(images, parameters)))
        let first = TrainingNoise.with(seed: 9) { regularised.features(images, parameters) }
        let again = TrainingNoise.with(seed: 9) { regularised.features(images, parameters) }
        let other = TrainingNoise.with(seed: 10) { regularised.features(images, parameters) }
        #expect(first.isIdentical(to: again))
        #expect(!first.isIdentical(to: evaluation))
        #expect(!first.isIdentical(to: other))
        #expect(TrainingNoise.with(seed: 9) { plain.features(images, parameters) }.isIdentical(to: evaluation))
        #expect(TrainingNoise.seed == nil)
    }
}
