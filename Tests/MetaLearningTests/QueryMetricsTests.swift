import Foundation
import MetaLearning
import Testing

/// A 2-way task with two queries of class 1; its images are never looked at, the logits are given.
@Suite struct QueryMetricsTests {
    let task = FewShotTask(support: Tensor(zeros: [2, 1, 1, 1]), supportLabels: [0, 1],
                           query: Tensor(zeros: [2, 1, 1, 1]), queryLabels: [1, 1], ways: 2)
    /// The logits themselves are the parameters: rows (1, 0) and (0, 1).
    let parameters = Parameters([("logits", Tensor(shape: [2, 2], scalars: [1, 0, 0, 1]))])

    @Test func queryGradientsAreThoseOfTheMeanCrossEntropy() {
        // Row 1 is wrong (loss ln(1 + e)), row 2 right (loss ln(1 + 1/e)); the gradient of the
        // mean is (softmax − one-hot)/2 per row, softmax (σ, 1 − σ) and (1 − σ, σ) with σ = e/(1 + e).
        let theta = parameters.variables()
        let (gradients, metrics) = task.queryGradients(wrt: theta, logits: theta.require("logits"))
        #expect(abs(Double(metrics.loss) - (log(1 + M_E) + log(1 + 1 / M_E)) / 2) <= 1e-6)
        #expect(metrics.accuracy == 0.5)
        let sigma = M_E / (1 + M_E)
        let expected = [sigma, -sigma, 1 - sigma, sigma - 1].map { Float($0 / 2) }
        let found = gradients.require("logits").scalars
        #expect(zip(found, expected).allSatisfy { abs($0 - $1) <= 1e-6 }, "\(found)")
    }

    @Test func queryMetricsRecordNoGraph() {
        let theta = parameters.variables()
        var recorded = true
        let metrics = task.queryMetrics {
            let logits = theta.require("logits") * 1
            recorded = logits.requiresGradient
            return logits
        }
        #expect(!recorded)
        #expect(metrics == TaskMetrics(logits: parameters.require("logits"), labels: [1, 1]))
        #expect(metrics.accuracy == 0.5)
    }
}
