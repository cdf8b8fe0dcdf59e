/// DropBlock (Ghiasi, Lin and Le, NeurIPS 2018): dropout of whole `blockSize`×`blockSize` squares
/// of a feature map, for convolutional layers whose neighbouring activations are correlated.
///
/// Each block's top-left corner is drawn, independently per image and channel, among the positions
/// where the whole block fits, with the paper's probability
/// γ = rate / blockSize² · H·W / ((H − blockSize + 1)(W − blockSize + 1)), so that about `rate` of
/// the activations fall in some block. The kept activations are scaled by (all / kept), so the
/// mean activation of the map is unchanged. A block larger than the map is cut to the map's side.
/// Training only: evaluation uses the activations as they are.
public struct DropBlock: Sendable, Equatable {
    /// The side of a dropped square.
    public let blockSize: Int
    /// The fraction of activations to drop, in [0, 1].
    public let rate: Double

    /// A DropBlock of squares of side `blockSize` dropping about `rate` of the activations.
    public init(blockSize: Int, rate: Double) {
        precondition(
            blockSize >= 1 && (0...1).contains(rate), "DropBlock: block size \(blockSize) or rate \(rate) is invalid")
        self.blockSize = blockSize
        self.rate = rate
    }

    /// A constant mask of `shape` [N, C, H, W]: zero inside the drawn blocks, all / kept elsewhere
    /// (zero everywhere when every activation is dropped).
    public func mask(_ shape: [Int], using generator: inout SeededGenerator) -> Tensor {
        precondition(shape.count == 4, "DropBlock.mask needs an NCHW shape, got \(shape)")
        let height = shape[2]
        let width = shape[3]
        let plane = height * width
        let side = min(blockSize, height, width)
        let cornerRows = height - side + 1
        let cornerColumns = width - side + 1
        let probability = rate / Double(side * side) * Double(plane) / Double(cornerRows * cornerColumns)
        var kept = [Float](repeating: 1, count: shape.reduce(1, *))
        for planeStart in stride(from: 0, to: kept.count, by: plane) {
            for row in 0..<cornerRows {
                for column in 0..<cornerColumns where generator.nextUnitDouble() < probability {
                    for y in row..<(row + side) {
                        for x in column..<(column + side) { kept[planeStart + y * width + x] = 0 }
                    }
                }
            }
        }
        let keptCount = kept.reduce(0, +)
        let scale = keptCount > 0 ? Float(kept.count) / keptCount : 0
        return Tensor(shape: shape, scalars: kept.map { $0 * scale })
    }

    /// `input` [N, C, H, W] times a fresh `mask`: differentiable in `input`.
    public func callAsFunction(_ input: Tensor, using generator: inout SeededGenerator) -> Tensor {
        input * mask(input.shape, using: &generator)
    }
}
