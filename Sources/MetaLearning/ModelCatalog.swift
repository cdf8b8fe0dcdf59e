/// How a spec's `model` names an architecture: its name, what it is, its settings and how to build it.
public struct ModelDescriptor: Sendable {
    /// The name a spec's `model.name` uses (`conv4`).
    public let name: String
    /// One line: the architecture and its paper.
    public let summary: String
    /// The settings it accepts in the spec's `model` object.
    public let parameters: [HyperparameterDeclaration]
    /// The smallest image side it can take (Conv-4 halves the image four times).
    public let minimumImageSize: Int
    /// Builds the model for images of `channels` × `imageSize` × `imageSize` with a head of `outputs`
    /// logits (0: the body alone), from resolved settings.
    public let make:
        @Sendable (_ channels: Int, _ imageSize: Int, _ parameters: Hyperparameters, _ outputs: Int) -> any Model

    /// A descriptor from its parts.
    public init(
        name: String, summary: String, parameters: [any HyperparameterKey], minimumImageSize: Int = 1,
        make: @escaping @Sendable (Int, Int, Hyperparameters, Int) -> any Model
    ) {
        self.name = name
        self.summary = summary
        self.parameters = parameters.map(\.declaration)
        self.minimumImageSize = minimumImageSize
        self.make = make
    }

    /// The size of the model for images of `channels` × `imageSize` × `imageSize`, from the model's own
    /// definition (built without a head, which allocates no weights).
    public func footprint(channels: Int, imageSize: Int, parameters: Hyperparameters) -> ModelFootprint {
        ModelFootprint(make(channels, imageSize, parameters, 0))
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

    /// The footprint of `model`, from its parameter shapes and layer outputs.
    public init(_ model: any Model) {
        bodyParameters = model.parameterShapes.filter { !model.isHeadParameter($0.name) }.reduce(0) { $0 + $1.count }
        features = model.featureCount
        activationsPerImage = model.activationsPerImage
    }

    /// Every parameter scalar of the model with a head of `outputs` logits.
    public func parameters(outputs: Int) -> Int {
        bodyParameters + (outputs > 0 ? features * outputs + outputs : 0)
    }
}

/// The architectures a spec can name, in the order `metalearn` lists them.
public enum ModelCatalog {
    /// Conv-4's channels.
    public static let hiddenChannels = Hyperparameter<Int>(
        "hiddenChannels", "channels of every convolution (Finn et al. 2017: 64 for Omniglot, 32 for miniImageNet)",
        .integer(1...4096), default: 64)
    /// The MLP's hidden widths.
    public static let hiddenUnits = Hyperparameter<[Int]>(
        "hiddenUnits", "widths of the hidden layers (Finn et al. 2017: 256, 128, 64, 64)",
        .list(of: .integer(1...65536)), default: MLP.standardHiddenSizes)
    /// ResNet-12's block widths.
    public static let widths = Hyperparameter<[Int]>(
        "widths", "channels of each residual block, one to four blocks (Lee et al. 2019: 64, 160, 320, 640)",
        .list(.integer(1...4096), count: 1...4, unique: false), default: ResNet12.standardWidths)
    /// ResNet-12's DropBlock rate.
    public static let dropBlockRate = Hyperparameter<Double>(
        "dropBlockRate",
        "fraction of the last two blocks' activations DropBlock drops in training (Ghiasi et al. 2018; "
            + "Lee et al. 2019: 0.1); 0 turns it off", .real(0...1), default: 0)
    /// ResNet-12's DropBlock square.
    public static let dropBlockSize = Hyperparameter<Int>(
        "dropBlockSize", "side of the squares DropBlock drops (Lee et al. 2019: 5)",
        .integer(1...64), default: 5)

    /// A trained run whose body starts the learner.
    public static let initialization = Hyperparameter<String>(
        "initialization",
        "a finished run directory whose trained body starts the learner: its tested checkpoint's, or its "
            + "pre-training's when it did not meta-train (Ye et al. 2020; Chen et al. 2021); `random`: drawn from "
            + "the seed (write `./random` for a folder of that name)",
        .text, default: random, writtenAtDefault: false)
    /// The `initialization` that draws the parameters from the seed.
    public static let random = "random"

    /// Four blocks of 3×3 convolution, batch norm, ReLU and 2×2 max-pooling, then a linear head.
    public static let conv4 = ModelDescriptor(
        name: "conv4",
        summary:
            "four blocks of 3×3 convolution, batch norm, ReLU and 2×2 max-pooling, then a linear head (Vinyals et al. 2016; Finn et al. 2017)",
        parameters: [hiddenChannels, BatchNormMode.hyperparameter, initialization],
        minimumImageSize: 16
    ) { channels, imageSize, parameters, outputs in
        Conv4(
            inputChannels: channels, imageSize: imageSize, hiddenChannels: parameters[hiddenChannels], outputs: outputs)
    }

    /// Fully connected layers with ReLU, then a linear head.
    public static let mlp = ModelDescriptor(
        name: "mlp",
        summary: "fully connected layers with ReLU, then a linear head (Finn et al. 2017, Omniglot MLP)",
        parameters: [hiddenUnits, initialization]
    ) { channels, imageSize, parameters, outputs in
        MLP(inputSize: channels * imageSize * imageSize, hiddenSizes: parameters[hiddenUnits], outputs: outputs)
    }

    /// Four residual blocks with leaky ReLU and 2×2 max-pooling, global average pooling, then a linear head.
    public static let resnet12 = ModelDescriptor(
        name: "resnet12",
        summary:
            "four residual blocks of three 3×3 convolutions with batch norm and leaky ReLU, a 1×1 shortcut and 2×2 max-pooling, global average pooling, then a linear head (Oreshkin et al. 2018; Lee et al. 2019)",
        parameters: [widths, dropBlockRate, dropBlockSize, BatchNormMode.hyperparameter, initialization],
        minimumImageSize: 16
    ) { channels, imageSize, parameters, outputs in
        let rate = parameters[dropBlockRate]
        return ResNet12(
            inputChannels: channels, imageSize: imageSize, widths: parameters[widths],
            dropBlock: rate > 0 ? DropBlock(blockSize: parameters[dropBlockSize], rate: rate) : nil,
            outputs: outputs)
    }

    /// Every model, in listing order.
    public static let all = [conv4, mlp, resnet12]

    /// The model called `name`, or nil.
    public static func descriptor(named name: String) -> ModelDescriptor? {
        all.first { $0.name == name }
    }
}
