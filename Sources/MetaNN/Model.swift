/// A functional model: an architecture whose weights are passed in, `model(input, parameters)`,
/// so a learner can run the same architecture with meta-parameters or with adapted copies
/// without copying any module.
///
/// Every model is a body (`features`) followed by a linear head (`logits`); parameters of the
/// head are those named with the `head.` prefix. ANIL adapts only the head; ProtoNet uses only
/// the body.
public protocol Model: Sendable {
    /// The names and shapes of the model's parameters, in order: the one description of its
    /// layout, from which its initial parameters, its parameter count and its memory footprint follow.
    var parameterShapes: [ParameterShape] { get }
    /// Scalars of the layer outputs one image produces on a forward pass (what a backward pass keeps).
    var activationsPerImage: Int { get }
    /// Fresh parameters, drawn from `generator`. The default initialises `parameterShapes` in order:
    /// Kaiming-normal convolution and hidden weights, Xavier-uniform head weight, batch-norm scales
    /// at 1, shifts and biases at 0.
    func initialParameters(using generator: inout SeededGenerator) -> Parameters
    /// The body's output: one feature row per input image, [N, featureCount], with batch
    /// statistics in every batch-norm layer (transductive).
    func features(_ input: Tensor, _ parameters: Parameters) -> Tensor
    /// The body's output with every batch-norm layer applied through `normalization`
    /// (`Normalization.normalize`). The default, for models without batch norm, is `features(_:_:)`.
    func features(_ input: Tensor, _ parameters: Parameters, normalization: Normalization) -> Tensor
    /// The head's output for body features: [N, outputs].
    func logits(fromFeatures features: Tensor, _ parameters: Parameters) -> Tensor
    /// The length of a feature row.
    var featureCount: Int { get }
    /// The number of logits (classes) the head produces.
    var outputs: Int { get }
}

/// The name and shape of one parameter tensor.
public struct ParameterShape: Sendable, Equatable {
    /// The parameter's name (`block1.conv.weight`).
    public let name: String
    /// Its shape.
    public let shape: [Int]

    /// A parameter's name and shape.
    public init(_ name: String, _ shape: [Int]) {
        self.name = name
        self.shape = shape
    }

    /// Its scalar count.
    public var count: Int { shape.reduce(1, *) }
}

extension Model {
    public func initialParameters(using generator: inout SeededGenerator) -> Parameters {
        Parameters(
            parameterShapes.map { parameter in
                let (name, shape) = (parameter.name, parameter.shape)
                if name == "head.weight" {
                    return (
                        name, Initializer.xavierUniform(shape, fanIn: shape[1], fanOut: shape[0], using: &generator)
                    )
                }
                if name.hasSuffix(".weight") {
                    return (
                        name, Initializer.kaimingNormal(shape, fanIn: shape.dropFirst().reduce(1, *), using: &generator)
                    )
                }
                return (name, name.hasSuffix(".scale") ? Tensor(repeating: 1, shape: shape) : Tensor(zeros: shape))
            })
    }

    /// The shapes of the head's parameters (none without a head): weight [outputs, featureCount], bias [outputs].
    public var headShapes: [ParameterShape] {
        outputs > 0
            ? [ParameterShape("head.weight", [outputs, featureCount]), ParameterShape("head.bias", [outputs])] : []
    }

    /// `features(_:_:)`: a model without batch norm has nothing to normalise.
    public func features(_ input: Tensor, _ parameters: Parameters, normalization: Normalization) -> Tensor {
        features(input, parameters)
    }

    /// Logits for a batch of inputs: the head applied to the body's features.
    public func callAsFunction(_ input: Tensor, _ parameters: Parameters, normalization: Normalization = .batch)
        -> Tensor
    {
        logits(fromFeatures: features(input, parameters, normalization: normalization), parameters)
    }

    /// Whether a parameter belongs to the head.
    public func isHeadParameter(_ name: String) -> Bool {
        name.hasPrefix("head.")
    }

    /// The linear head: features · weightᵀ + bias.
    public func logits(fromFeatures features: Tensor, _ parameters: Parameters) -> Tensor {
        features.linear(weight: parameters.require("head.weight"), bias: parameters.require("head.bias"))
    }
}

/// The Conv-4 backbone of the few-shot literature (Vinyals et al. 2016; Finn et al. 2017):
/// four blocks of [3×3 convolution with `hiddenChannels` filters and padding 1, batch
/// normalisation (layer `blockK.norm`, statistics as the `Normalization` says), ReLU, 2×2 max-pooling], flattened, then a linear head.
/// A 28×28 input gives 1×1×64 = 64 features; an 84×84 input gives 5×5×64 = 1,600.
public struct Conv4: Model {
    /// Channels of the input images (1 for gray, 3 for RGB).
    public let inputChannels: Int
    /// Side of the square input images.
    public let imageSize: Int
    /// Filters per convolution.
    public let hiddenChannels: Int
    /// Logits the head produces; 0 for a body without head (embeddings only).
    public let outputs: Int
    /// Blocks in the body (4 in the standard architecture).
    public let blocks: Int

    /// A Conv-4 for `imageSize`×`imageSize` images with `inputChannels` channels.
    public init(inputChannels: Int = 1, imageSize: Int = 28, hiddenChannels: Int = 64, outputs: Int, blocks: Int = 4) {
        var side = imageSize
        for _ in 0..<blocks { side /= 2 }
        precondition(side >= 1, "Conv4: \(imageSize)x\(imageSize) images are too small for \(blocks) pooling blocks")
        precondition(inputChannels >= 1 && hiddenChannels >= 1 && outputs >= 0, "Conv4: invalid sizes")
        self.inputChannels = inputChannels
        self.imageSize = imageSize
        self.hiddenChannels = hiddenChannels
        self.outputs = outputs
        self.blocks = blocks
    }

    /// `hiddenChannels` × (the side left after the blocks' poolings)².
    public var featureCount: Int {
        var side = imageSize
        for _ in 0..<blocks { side /= 2 }
        return hiddenChannels * side * side
    }

    public var parameterShapes: [ParameterShape] {
        var shapes: [ParameterShape] = []
        var channels = inputChannels
        for block in 1...blocks {
            shapes += [
                ParameterShape("block\(block).conv.weight", [hiddenChannels, channels, 3, 3]),
                ParameterShape("block\(block).norm.scale", [hiddenChannels]),
                ParameterShape("block\(block).norm.shift", [hiddenChannels]),
            ]
            channels = hiddenChannels
        }
        return shapes + headShapes
    }

    /// Each block's convolution output, before pooling.
    public var activationsPerImage: Int {
        (0..<blocks).reduce(0) { total, block in total + hiddenChannels * (imageSize >> block) * (imageSize >> block) }
    }

    public func features(_ input: Tensor, _ parameters: Parameters) -> Tensor {
        features(input, parameters, normalization: .batch)
    }

    public func features(_ input: Tensor, _ parameters: Parameters, normalization: Normalization) -> Tensor {
        precondition(
            input.rank == 4 && input.shape[1] == inputChannels && input.shape[2] == imageSize
                && input.shape[3] == imageSize,
            "Conv4 expects [N, \(inputChannels), \(imageSize), \(imageSize)] images, got \(input.shape)")
        var x = input
        for block in 1...blocks {
            // Pooling before ReLU gives the same values and gradients as ReLU before pooling (ReLU
            // is monotone, so it commutes with max) on a quarter of the elements; convolution,
            // batch norm and pooling run as one operation.
            x = normalization.convolveNormalizeMaxPool(
                x, weight: parameters.require("block\(block).conv.weight"), padding: 1,
                layer: "block\(block).norm", parameters
            )
            .relu()
        }
        return x.flattenedBatch()
    }
}

/// A multilayer perceptron on flattened images: hidden linear layers with ReLU, then a linear head.
public struct MLP: Model {
    /// Scalars per input image (channels × height × width).
    public let inputSize: Int
    /// Widths of the hidden layers.
    public let hiddenSizes: [Int]
    /// Logits the head produces; 0 for no head.
    public let outputs: Int

    /// Finn et al. (2017)'s Omniglot MLP: hidden layers of 256, 128, 64 and 64 units.
    public static let standardHiddenSizes = [256, 128, 64, 64]

    /// An MLP with the given layer widths (by default the standard ones).
    public init(inputSize: Int, hiddenSizes: [Int] = standardHiddenSizes, outputs: Int) {
        precondition(inputSize >= 1 && hiddenSizes.allSatisfy { $0 >= 1 } && outputs >= 0, "MLP: invalid sizes")
        self.inputSize = inputSize
        self.hiddenSizes = hiddenSizes
        self.outputs = outputs
    }

    /// The width of the last hidden layer (or the input when there is none).
    public var featureCount: Int { hiddenSizes.last ?? inputSize }

    public var parameterShapes: [ParameterShape] {
        var shapes: [ParameterShape] = []
        var width = inputSize
        for (index, size) in hiddenSizes.enumerated() {
            shapes += [
                ParameterShape("layer\(index + 1).weight", [size, width]),
                ParameterShape("layer\(index + 1).bias", [size]),
            ]
            width = size
        }
        return shapes + headShapes
    }

    /// Each hidden layer's output.
    public var activationsPerImage: Int { hiddenSizes.reduce(0, +) }

    public func features(_ input: Tensor, _ parameters: Parameters) -> Tensor {
        var x = input.flattenedBatch()
        precondition(x.shape[1] == inputSize, "MLP expects \(inputSize) scalars per input, got \(x.shape[1])")
        for index in hiddenSizes.indices {
            x = x.linear(
                weight: parameters.require("layer\(index + 1).weight"),
                bias: parameters.require("layer\(index + 1).bias")
            ).relu()
        }
        return x
    }
}
