/// Weight initialisers, drawing from the project's seeded generator.
public enum Initializer {
    /// He et al. (2015): normal with standard deviation √(2 / fanIn), for layers followed by ReLU.
    public static func kaimingNormal(_ shape: [Int], fanIn: Int, using generator: inout SeededGenerator) -> Tensor {
        let deviation = (2 / Double(fanIn)).squareRoot()
        return Tensor(
            shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(generator.nextNormal() * deviation) })
    }

    /// Glorot and Bengio (2010): uniform in ±√(6 / (fanIn + fanOut)).
    public static func xavierUniform(_ shape: [Int], fanIn: Int, fanOut: Int, using generator: inout SeededGenerator)
        -> Tensor
    {
        let bound = (6 / Double(fanIn + fanOut)).squareRoot()
        return Tensor(
            shape: shape,
            scalars: (0..<shape.reduce(1, *)).map { _ in
                Float(generator.nextDouble(in: -bound..<bound))
            })
    }
}
