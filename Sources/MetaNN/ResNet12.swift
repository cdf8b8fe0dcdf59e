/// The ResNet-12 backbone of the few-shot literature (Oreshkin et al. 2018; Lee et al. 2019):
/// four residual blocks of widths 64, 160, 320 and 640, then global average pooling to a
/// `widths.last`-wide embedding and a linear head.
///
/// Each block: three 3×3 convolutions (padding 1) with batch norm, the first two followed by leaky
/// ReLU (slope 0.1); a 1×1 convolution with batch norm on the shortcut; their sum, leaky ReLU and
/// 2×2 max-pooling. An 84×84 image leaves blocks of 42, 21, 10 and 5 pixels a side. Every batch
/// norm uses the statistics the learner's `Normalization` names (the batch's, or running
/// averages). With `dropBlock` set, the pooled output of the last two blocks goes through
/// DropBlock during training passes (`TrainingNoise`), as in Lee et al. (2019).
public struct ResNet12: Model {
    /// Channels of the input images (1 for gray, 3 for RGB).
    public let inputChannels: Int
    /// Side of the square input images.
    public let imageSize: Int
    /// Channels of each block.
    public let widths: [Int]
    /// The regularisation of the last two blocks' outputs during training; nil for none.
    public let dropBlock: DropBlock?
    /// Logits the head produces; 0 for a body without head (embeddings only).
    public let outputs: Int

    /// The slope of every leaky ReLU.
    public static let negativeSlope: Float = 0.1
    /// The widths of Oreshkin et al. (2018) and Lee et al. (2019).
    public static let standardWidths = [64, 160, 320, 640]

    /// A ResNet-12 for `imageSize`×`imageSize` images with `inputChannels` channels.
    public init(
        inputChannels: Int = 3, imageSize: Int = 84, widths: [Int] = standardWidths, dropBlock: DropBlock? = nil,
        outputs: Int
    ) {
        precondition(
            imageSize >> widths.count >= 1,
            "ResNet12: \(imageSize)x\(imageSize) images are too small for \(widths.count) pooling blocks")
        precondition(
            inputChannels >= 1 && !widths.isEmpty && widths.allSatisfy { $0 >= 1 } && outputs >= 0,
            "ResNet12: invalid sizes")
        self.inputChannels = inputChannels
        self.imageSize = imageSize
        self.widths = widths
        self.dropBlock = dropBlock
        self.outputs = outputs
    }

    /// The width of the last block.
    public var featureCount: Int { widths.last! }

    public var parameterShapes: [ParameterShape] {
        var shapes: [ParameterShape] = []
        var channels = inputChannels
        func normalization(_ name: String, _ width: Int) -> [ParameterShape] {
            [ParameterShape("\(name).scale", [width]), ParameterShape("\(name).shift", [width])]
        }
        for (index, width) in widths.enumerated() {
            let block = "block\(index + 1)"
            var layerInputs = channels
            for layer in 1...3 {
                shapes.append(ParameterShape("\(block).conv\(layer).weight", [width, layerInputs, 3, 3]))
                shapes += normalization("\(block).conv\(layer).norm", width)
                layerInputs = width
            }
            shapes.append(ParameterShape("\(block).shortcut.weight", [width, channels, 1, 1]))
            shapes += normalization("\(block).shortcut.norm", width)
            channels = width
        }
        return shapes + headShapes
    }

    /// Per block at full size: the six tensors derivative rules keep (the four convolution outputs,
    /// which batch norm reads, and the two leaky ReLU outputs, which the next convolutions read)
    /// and one for what a pass holds for a moment (measured against peaks in docs/benchmarks.md);
    /// the pooled map and its leaky ReLU at a quarter.
    public var activationsPerImage: Int {
        widths.enumerated().reduce(0) { total, block in
            let side = imageSize >> block.offset
            let half = side / 2
            return total + 7 * block.element * side * side + 2 * block.element * half * half
        }
    }

    public func features(_ input: Tensor, _ parameters: Parameters) -> Tensor {
        features(input, parameters, normalization: .batch)
    }

    public func features(_ input: Tensor, _ parameters: Parameters, normalization: Normalization) -> Tensor {
        precondition(
            input.rank == 4 && input.shape[1] == inputChannels && input.shape[2] == imageSize
                && input.shape[3] == imageSize,
            "ResNet12 expects [N, \(inputChannels), \(imageSize), \(imageSize)] images, got \(input.shape)")
        let noiseSeed = TrainingNoise.seed
        var x = input
        for index in widths.indices {
            let block = "block\(index + 1)"
            func layer(_ x: Tensor, _ name: String, padding: Int) -> Tensor {
                normalization.normalize(
                    x.conv2d(parameters.require("\(block).\(name).weight"), padding: padding),
                    layer: "\(block).\(name).norm", parameters)
            }
            var y = layer(x, "conv1", padding: 1).leakyReLU(negativeSlope: Self.negativeSlope)
            y = layer(y, "conv2", padding: 1).leakyReLU(negativeSlope: Self.negativeSlope)
            y = layer(y, "conv3", padding: 1) + layer(x, "shortcut", padding: 0)
            // Leaky ReLU is increasing, so it commutes with max-pooling: applied after, on a quarter of the elements.
            x = y.maxPool2d(window: 2).leakyReLU(negativeSlope: Self.negativeSlope)
            if let dropBlock, let noiseSeed, index >= widths.count - 2 {
                var generator = SeededGenerator(seed: noiseSeed, stream: [0xD80B, UInt64(index)])
                x = dropBlock(x, using: &generator)
            }
        }
        return x.globalAveragePooled()
    }
}
