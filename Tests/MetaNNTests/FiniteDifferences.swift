import MetaNN
import Testing

/// Expects `model`'s cross-entropy gradient at `parameters` on `images` to match finite differences,
/// tensor by tensor: along each tensor's own gradient direction u = g/‖g‖ the slope of the loss is
/// ‖g‖. ReLU, leaky ReLU and max-pooling make the loss piecewise smooth, and in float32 a kink a
/// few 10⁻⁴ away spoils any one difference quotient, so the slope is estimated seven ways (central
/// differences with ε = 10⁻², 10⁻³, 10⁻⁴, one-sided with ε = 10⁻³, 10⁻⁴) and the closest must lie
/// within 5% of max(‖g‖, 0.01). A gradient that is wrong (a missing term, a wrong factor) misses
/// every estimate; kinks move only some.
func expectGradientMatchesFiniteDifferences(of model: some Model, at parameters: Parameters, images: Tensor, labels: [Int],
                                            sourceLocation: SourceLocation = #_sourceLocation) {
    let theta = parameters.variables()
    let analytic = theta.gradients(of: model(images, theta).crossEntropy(labels: labels))
    for name in parameters.names {
        let gradient = analytic.require(name)
        let norm = (gradient * gradient).sum().scalar.squareRoot()
        let direction = norm > 0 ? gradient * (1 / norm) : gradient
        func loss(_ step: Float) -> Float {
            model(images, Parameters(parameters.entries.map { ($0.name, $0.name == name ? $0.tensor + direction * step : $0.tensor) }))
                .crossEntropy(labels: labels).scalar
        }
        let atTheta = loss(0)
        var slopes: [Float] = []
        for epsilon: Float in [1e-2, 1e-3, 1e-4] {
            let up = loss(epsilon), down = loss(-epsilon)
            slopes.append((up - down) / (2 * epsilon))
            if epsilon < 1e-2 { slopes += [(up - atTheta) / epsilon, (atTheta - down) / epsilon] }
        }
        let closest = slopes.map { abs($0 - norm) }.min()!
        #expect(closest < 5e-2 * max(norm, 1e-2), "\(name): gradient norm \(norm), finite-difference slopes \(slopes)",
                sourceLocation: sourceLocation)
    }
}
