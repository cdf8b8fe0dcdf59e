import Foundation
import MetaNN
import Testing

@Suite struct CosineClassifierTests {
    let features = Tensor(shape: [2, 2], scalars: [3, 4, 0, -2])
    let weights = Tensor(shape: [3, 2], scalars: [1, 0, 0, 5, -1, -1])

    @Test func logitsByHand() {
        // Rows (3, 4)/5 and (0, -1); weight rows (1, 0), (0, 1), (-1, -1)/√2; scale 10.
        let logits = CosineClassifier.logits(features: features, weights: weights, scale: Tensor(10))
        let r = 1 / Float(2).squareRoot()
        let expected: [Float] = [6, 8, -7 * r * 10 / 5, 0, -10, 10 * r]
        #expect(logits.shape == [2, 3])
        #expect(zip(logits.scalars, expected).allSatisfy { abs($0 - $1) < 1e-5 }, "\(logits.scalars)")
    }

    @Test func zeroRowStaysFinite() {
        let normalized = Tensor(zeros: [1, 3]).rowNormalized()
        #expect(normalized.scalars == [0, 0, 0])
    }

    /// The derivative in features, weights and scale along a direction matches a central difference
    /// (the function is smooth away from zero rows, so one ε suffices), and the check would miss a
    /// wrong term: the relative error allowed (1e-3) is far below any dropped term's size here.
    @Test func gradientsMatchFiniteDifferences() {
        let labels = [1, 2]
        func loss(_ f: Tensor, _ w: Tensor, _ s: Tensor) -> Tensor {
            CosineClassifier.logits(features: f, weights: w, scale: s).crossEntropy(labels: labels)
        }
        let theta = Parameters([("f", features), ("w", weights), ("s", Tensor(2.5))]).variables()
        let gradients = theta.gradients(of: loss(theta.require("f"), theta.require("w"), theta.require("s")))
        for name in ["f", "w", "s"] {
            let gradient = gradients.require(name)
            let norm = (gradient * gradient).sum().scalar.squareRoot()
            let direction = gradient * (1 / norm)
            func at(_ step: Float) -> Float {
                let moved = { (other: String, value: Tensor) in other == name ? value + direction * step : value }
                return loss(moved("f", features), moved("w", weights), moved("s", Tensor(2.5))).scalar
            }
            let epsilon: Float = 1e-2
            let slope = (at(epsilon) - at(-epsilon)) / (2 * epsilon)
            #expect(abs(slope - norm) < 1e-3 * max(norm, 1), "\(name): gradient norm \(norm), slope \(slope)")
        }
    }
}
