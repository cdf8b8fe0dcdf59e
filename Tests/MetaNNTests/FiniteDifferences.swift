import MetaNN
import Testing

/// Expects `model`'s cross-entropy gradient at `parameters` on `images` to match central finite
/// differences along a random direction: (L(θ + εd) − L(θ − εd)) / 2ε ≈ ⟨∇L, d⟩, with ε = 10⁻³ and a
/// tolerance of 2%.
func expectGradientMatchesFiniteDifferences(of model: some Model, at parameters: Parameters, images: Tensor, labels: [Int],
                                            using generator: inout SeededGenerator,
                                            sourceLocation: SourceLocation = #_sourceLocation) {
    let theta = parameters.variables()
    let analytic = theta.gradients(of: model(images, theta).crossEntropy(labels: labels))
    let direction = parameters.map { tensor in
        Tensor(shape: tensor.shape, scalars: (0..<tensor.count).map { _ in Float(generator.nextNormal()) })
    }
    let epsilon: Float = 1e-3
    let up = model(images, parameters + direction * epsilon).crossEntropy(labels: labels).scalar
    let down = model(images, parameters - direction * epsilon).crossEntropy(labels: labels).scalar
    let numeric = (up - down) / (2 * epsilon)
    let projected = Parameters.sum([(analytic * direction)]).tensors.map { $0.sum().scalar }.reduce(0, +)
    #expect(abs(projected - numeric) < 2e-2 * max(1, abs(numeric)), sourceLocation: sourceLocation)
}
