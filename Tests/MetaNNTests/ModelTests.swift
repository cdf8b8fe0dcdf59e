import Testing
import MetaNN

@Suite struct ModelTests {
    @Test func conv4ShapesFollowThePaper() {
        var generator = SeededGenerator(seed: 1)
        let model = Conv4(outputs: 5)
        let parameters = model.initialParameters(using: &generator)
        #expect(model.featureCount == 64)
        #expect(parameters.names.first == "block1.conv.weight")
        #expect(parameters.names.suffix(2) == ["head.weight", "head.bias"])
        // 4 convolutions (1→64, then 64→64), 4 batch norms, a 64→5 head.
        #expect(parameters.scalarCount == 64 * 9 + 3 * 64 * 64 * 9 + 4 * 128 + 64 * 5 + 5)
        let logits = model(Tensor(zeros: [3, 1, 28, 28]), parameters)
        #expect(logits.shape == [3, 5])
        #expect(Conv4(inputChannels: 3, imageSize: 84, outputs: 5).featureCount == 1600)
    }

    @Test func bodyAndHeadSplit() {
        var generator = SeededGenerator(seed: 2)
        let model = Conv4(hiddenChannels: 8, outputs: 4)
        let parameters = model.initialParameters(using: &generator)
        let head = parameters.filter(model.isHeadParameter)
        #expect(head.names == ["head.weight", "head.bias"])
        let input = Tensor(repeating: 0.5, shape: [2, 1, 28, 28])
        let features = model.features(input, parameters)
        #expect(features.shape == [2, 8])
        #expect(model.logits(fromFeatures: features, parameters).isIdentical(to: model(input, parameters)))
        #expect(Conv4(hiddenChannels: 8, outputs: 0).initialParameters(using: &generator).names.contains("head.weight") == false)
    }

    @Test(arguments: [UInt64(3), 4, 5]) func conv4GradientMatchesFiniteDifferences(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let model = Conv4(hiddenChannels: 4, outputs: 3)
        let parameters = model.initialParameters(using: &generator)
        let images = Tensor(shape: [6, 1, 28, 28], scalars: (0..<(6 * 784)).map { _ in generator.nextUnitFloat() })
        expectGradientMatchesFiniteDifferences(of: model, at: parameters, images: images, labels: [0, 1, 2, 0, 1, 2])
    }

    @Test func mlpShapes() {
        var generator = SeededGenerator(seed: 4)
        let model = MLP(inputSize: 784, hiddenSizes: [32, 16], outputs: 5)
        let parameters = model.initialParameters(using: &generator)
        #expect(model(Tensor(zeros: [7, 1, 28, 28]), parameters).shape == [7, 5])
        #expect(model.featureCount == 16)
    }

    @Test func mlpDefaultsToFinnEtAlsWidths() {
        let model = MLP(inputSize: 784, outputs: 5)
        #expect(model.hiddenSizes == [256, 128, 64, 64])
        var generator = SeededGenerator(seed: 4)
        #expect(model.initialParameters(using: &generator).names.filter { $0.hasSuffix(".weight") }.count == 5)
    }

    @Test func kaimingInitialisationHasTheRightSpread() {
        var generator = SeededGenerator(seed: 5)
        let weights = Initializer.kaimingNormal([64, 64, 3, 3], fanIn: 576, using: &generator).scalars
        let variance = weights.map { $0 * $0 }.reduce(0, +) / Float(weights.count)
        #expect(abs(variance - 2.0 / 576) < 0.05 * 2.0 / 576)
        let bounded = Initializer.xavierUniform([10, 20], fanIn: 20, fanOut: 10, using: &generator).scalars
        #expect(bounded.allSatisfy { abs($0) <= (6.0 / 30 as Float).squareRoot() })
    }
}
