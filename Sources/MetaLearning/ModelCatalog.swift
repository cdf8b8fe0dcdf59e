/// How a spec's `model` names an architecture: its name, what it is, its settings and how to build it.
public struct ModelDescriptor: Sendable {
    /// The name a spec's `model.name` uses (`conv4`).
    public let name: String
    /// One line: the architecture and its paper.
    public let summary: String
    /// The settings it accepts in the spec's `model` object.
    public let parameters: [Hyperparameter]
    /// The smallest image side it can take (Conv-4 halves the image four times).
    public let minimumImageSize: Int
    /// Builds the model for images of `channels` × `imageSize` × `imageSize` with a head of `outputs`
    /// logits (0: the body alone), from resolved settings.
    public let make: @Sendable (_ channels: Int, _ imageSize: Int, _ parameters: Hyperparameters, _ outputs: Int) -> any Model
    /// The model's size for images of `channels` × `imageSize` × `imageSize`, computed without building it.
    public let footprint: @Sendable (_ channels: Int, _ imageSize: Int, _ parameters: Hyperparameters) -> ModelFootprint

    /// A descriptor from its parts.
    public init(name: String, summary: String, parameters: [Hyperparameter], minimumImageSize: Int = 1,
                footprint: @escaping @Sendable (Int, Int, Hyperparameters) -> ModelFootprint,
                make: @escaping @Sendable (Int, Int, Hyperparameters, Int) -> any Model) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.minimumImageSize = minimumImageSize
        self.footprint = footprint
        self.make = make
    }
}

/// How large a model is, for estimating a run's memory before anything is allocated.
public struct ModelFootprint: Sendable, Equatable {
    /// Scalars of the body's parameters.
    public var bodyParameters: Int
    /// Features the body gives per image (the head has `features · outputs + outputs` parameters).
    public var features: Int
    /// Scalars of the layer outputs one image produces on a forward pass.
    public var activationsPerImage: Int

    /// A footprint from its parts.
    public init(bodyParameters: Int, features: Int, activationsPerImage: Int) {
        self.bodyParameters = bodyParameters
        self.features = features
        self.activationsPerImage = activationsPerImage
    }

    /// Every parameter scalar of the model with a head of `outputs` logits.
    public func parameters(outputs: Int) -> Int {
        bodyParameters + (outputs > 0 ? features * outputs + outputs : 0)
    }
}

/// The architectures a spec can name, in the order `metalearn` lists them.
public enum ModelCatalog {
    /// Four blocks of 3×3 convolution, batch norm, ReLU and 2×2 max-pooling, then a linear head.
    public static let conv4 = ModelDescriptor(
        name: "conv4",
        summary: "four blocks of 3×3 convolution, batch norm, ReLU and 2×2 max-pooling, then a linear head (Vinyals et al. 2016; Finn et al. 2017)",
        parameters: [Hyperparameter("hiddenChannels", "channels of every convolution (Finn et al. 2017: 64 for Omniglot, 32 for miniImageNet)",
                                    .integer(1...4096), default: .integer(64)),
                     BatchNormMode.hyperparameter],
        minimumImageSize: 16,
        footprint: { channels, imageSize, parameters in
            let hidden = parameters.integer("hiddenChannels")
            var side = imageSize, activations = 0, body = 0, inputs = channels
            for _ in 0..<4 {
                activations += hidden * side * side
                body += hidden * inputs * 9 + 2 * hidden
                inputs = hidden
                side /= 2
            }
            return ModelFootprint(bodyParameters: body, features: hidden * side * side, activationsPerImage: activations)
        }) { channels, imageSize, parameters, outputs in
            Conv4(inputChannels: channels, imageSize: imageSize, hiddenChannels: parameters.integer("hiddenChannels"), outputs: outputs)
        }

    /// Fully connected layers with ReLU, then a linear head.
    public static let mlp = ModelDescriptor(
        name: "mlp",
        summary: "fully connected layers with ReLU, then a linear head (Finn et al. 2017, Omniglot MLP)",
        parameters: [Hyperparameter("hiddenUnits", "widths of the hidden layers (Finn et al. 2017: 256, 128, 64, 64)",
                                    .list(of: .integer(1...65536)),
                                    default: .list(MLP.standardHiddenSizes.map(HyperparameterValue.integer)))],
        footprint: { channels, imageSize, parameters in
            let widths = [channels * imageSize * imageSize] + parameters.integers("hiddenUnits")
            let body = zip(widths, widths.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 + $1.1 }
            return ModelFootprint(bodyParameters: body, features: widths.last!, activationsPerImage: widths.dropFirst().reduce(0, +))
        }) { channels, imageSize, parameters, outputs in
            MLP(inputSize: channels * imageSize * imageSize, hiddenSizes: parameters.integers("hiddenUnits"), outputs: outputs)
        }

    /// Four residual blocks with leaky ReLU and 2×2 max-pooling, global average pooling, then a linear head.
    public static let resnet12 = ModelDescriptor(
        name: "resnet12",
        summary: "four residual blocks of three 3×3 convolutions with batch norm and leaky ReLU, a 1×1 shortcut and 2×2 max-pooling, global average pooling, then a linear head (Oreshkin et al. 2018; Lee et al. 2019)",
        parameters: [Hyperparameter("widths", "channels of each residual block, one to four blocks (Lee et al. 2019: 64, 160, 320, 640)",
                                    .list(.integer(1...4096), count: 1...4, unique: false),
                                    default: .list(ResNet12.standardWidths.map(HyperparameterValue.integer))),
                     Hyperparameter("dropBlockRate", "fraction of the last two blocks' activations DropBlock drops in training (Ghiasi et al. 2018; Lee et al. 2019: 0.1); 0 turns it off",
                                    .real(0...1), default: .real(0)),
                     Hyperparameter("dropBlockSize", "side of the squares DropBlock drops (Lee et al. 2019: 5)",
                                    .integer(1...64), default: .integer(5)),
                     BatchNormMode.hyperparameter],
        minimumImageSize: 16,
        footprint: { channels, imageSize, parameters in
            let widths = parameters.integers("widths")
            var side = imageSize, activations = 0, body = 0, inputs = channels
            for width in widths {
                // Per block: four convolutions, their four normalisations, two leaky ReLUs and the sum
                // at full size; the pooled map and its leaky ReLU at a quarter.
                activations += 11 * width * side * side + 2 * width * (side / 2) * (side / 2)
                body += width * inputs * 9 + 2 * width * width * 9 + width * inputs + 8 * width
                inputs = width
                side /= 2
            }
            return ModelFootprint(bodyParameters: body, features: widths.last!, activationsPerImage: activations)
        }) { channels, imageSize, parameters, outputs in
            let rate = parameters.real("dropBlockRate")
            return ResNet12(inputChannels: channels, imageSize: imageSize, widths: parameters.integers("widths"),
                            dropBlock: rate > 0 ? DropBlock(blockSize: parameters.integer("dropBlockSize"), rate: rate) : nil,
                            outputs: outputs)
        }

    /// Every model, in listing order.
    public static let all = [conv4, mlp, resnet12]

    /// The model called `name`, or nil.
    public static func descriptor(named name: String) -> ModelDescriptor? {
        all.first { $0.name == name }
    }
}
