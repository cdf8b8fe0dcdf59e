import MetaLearning
import Testing

/// A model's footprint comes from its own definition: for every catalog model, at several sizes and
/// settings, the parameter count it estimates is the count of the parameters it builds.
@Suite struct ModelFootprintTests {
    /// Settings of each model worth checking, beside the defaults.
    static let settings: [(model: String, values: [String: HyperparameterValue])] = [
        ("conv4", [:]), ("conv4", ["hiddenChannels": .integer(5)]),
        ("mlp", [:]), ("mlp", ["hiddenUnits": .list([.integer(7), .integer(3)])]),
        ("resnet12", ["widths": .list([.integer(4), .integer(6), .integer(8), .integer(10)])]),
        ("resnet12", ["widths": .list([.integer(3), .integer(5)])]),
    ]

    @Test(arguments: [(1, 28), (3, 32), (3, 84)])
    func theEstimateCountsTheBuiltParameters(channels: Int, imageSize: Int) {
        for (name, values) in Self.settings {
            let descriptor = ModelCatalog.descriptor(named: name)!
            let parameters = Hyperparameters(resolving: descriptor.parameters, values)
            let footprint = descriptor.footprint(channels: channels, imageSize: imageSize, parameters: parameters)
            for outputs in [0, 5] {
                let model = descriptor.make(channels, imageSize, parameters, outputs)
                var generator = SeededGenerator(seed: 1)
                let built = model.initialParameters(using: &generator)
                #expect(footprint.parameters(outputs: outputs) == built.tensors.reduce(0) { $0 + $1.count },
                        "\(name) \(values) at \(channels)×\(imageSize)², \(outputs) outputs")
                #expect(model.parameterShapes.map(\.name) == built.names && model.parameterShapes.map(\.shape) == built.tensors.map(\.shape))
            }
            #expect(footprint.features == descriptor.make(channels, imageSize, parameters, 0).featureCount)
        }
    }

    /// The layer outputs of a forward pass: Conv-4's four convolution maps at 28×28 (64 channels:
    /// 28², 14², 7², 3² pixels) and the MLP's hidden widths.
    @Test func activationsAreTheLayerOutputs() {
        #expect(Conv4(outputs: 5).activationsPerImage == 64 * (784 + 196 + 49 + 9))
        #expect(MLP(inputSize: 4, hiddenSizes: [5, 3], outputs: 2).activationsPerImage == 8)
    }
}
