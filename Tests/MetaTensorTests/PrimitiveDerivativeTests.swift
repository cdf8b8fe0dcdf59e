import Testing
import MetaTensor

/// Every primitive's first and second derivatives against central finite differences
/// (see `DerivativeCheck` for the method and the tolerance).
@Suite struct PrimitiveDerivativeTests {
    let check = DerivativeCheck()

    @Test(arguments: [([2, 3, 4], [2, 3, 4]), ([2, 3, 4], [3, 1]), ([2, 3, 4], [1]), ([4], [2, 3, 4]), ([2, 1, 4], [1, 3, 1])])
    func broadcastingArithmetic(shapeA: [Int], shapeB: [Int]) {
        let a = randomTensor(shapeA, seed: 1), b = randomTensor(shapeB, seed: 2)
        #expect(check.passes([a, b]) { $0[0] + $0[1] })
        #expect(check.passes([a, b]) { $0[0] - $0[1] })
        #expect(check.passes([a, b]) { $0[0] * $0[1] })
        let positive = b.exp() + 0.5
        #expect(check.passes([a, positive]) { $0[0] / $0[1] })
    }

    @Test func unaryFunctions() {
        let x = randomTensor([3, 5], seed: 3, scale: 0.5)
        #expect(check.passes([x]) { $0[0].exp() })
        #expect(check.passes([x.exp()]) { $0[0].log() })
        #expect(check.passes([x.exp()]) { $0[0].sqrt() })
        #expect(check.passes([awayFromZero([3, 5], seed: 4)]) { $0[0].relu() })
        #expect(check.passes([x]) { -$0[0] * 3 + 1 })
    }

    @Test func leakyReLU() {
        let x = awayFromZero([3, 5], seed: 32)
        #expect(check.passes([x]) { $0[0].leakyReLU(negativeSlope: 0.1) })
        #expect(check.passes([randomTensor([3, 5], seed: 33)]) { $0[0].leakyMasked(wherePositive: x, negativeSlope: 0.1) })
    }

    @Test func reductionsAndExpansion() {
        let x = randomTensor([2, 3, 4, 5], seed: 5)
        #expect(check.passes([x]) { $0[0].sum(toShape: [1, 3, 1, 1]) })
        #expect(check.passes([x]) { $0[0].sum(alongAxes: [1, 3]) })
        #expect(check.passes([x]) { $0[0].mean(alongAxes: [0, 2, 3], keepingDimensions: true) })
        #expect(check.passes([x]) { $0[0].mean() })
        #expect(check.passes([randomTensor([3, 1], seed: 6)]) { $0[0].expanded(to: [2, 3, 4]) })
    }

    @Test func layoutMoves() {
        let x = randomTensor([2, 3, 4], seed: 7)
        #expect(check.passes([x]) { $0[0].reshaped([6, 4]) })
        #expect(check.passes([x]) { $0[0].permuted([2, 0, 1]) })
        #expect(check.passes([x]) { $0[0].slice(1..<3, alongAxis: 2) })
        #expect(check.passes([x]) { $0[0].padded(toExtent: 6, at: 2, alongAxis: 1) })
        let y = randomTensor([2, 5, 4], seed: 8)
        #expect(check.passes([x, y]) { Tensor.concatenate([$0[0], $0[1]], alongAxis: 1) })
        #expect(check.passes([x, x * 2]) { Tensor.stack([$0[0], $0[1]]) })
        #expect(check.passes([x]) { $0[0].gatheringRows([1, 0, 1, 1]) })
        #expect(check.passes([x]) { $0[0].scatteringRows([3, 0], rows: 4) })
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matrixProduct(transposingA: Bool, transposingB: Bool) {
        let a = randomTensor(transposingA ? [4, 3] : [3, 4], seed: 9)
        let b = randomTensor(transposingB ? [5, 4] : [4, 5], seed: 10)
        #expect(check.passes([a, b]) { Tensor.matmul($0[0], $0[1], transposingA: transposingA, transposingB: transposingB) })
    }

    @Test(arguments: [(1, 1), (1, 0), (2, 1), (2, 0)])
    func convolution(stride: Int, padding: Int) {
        let x = randomTensor([2, 3, 6, 5], seed: 11), w = randomTensor([4, 3, 3, 3], seed: 12, scale: 0.3)
        #expect(check.passes([x, w]) { $0[0].conv2d($0[1], stride: stride, padding: padding) })
    }

    /// 1×1 convolutions: ResNet-12's shortcuts, with few channels and with Winograd-sized ones.
    @Test(arguments: [(3, 4), (16, 20)])
    func pointwiseConvolution(inputs: Int, outputs: Int) {
        let x = randomTensor([2, inputs, 5, 6], seed: 34), w = randomTensor([outputs, inputs, 1, 1], seed: 35, scale: 0.3)
        #expect(check.passes([x, w]) { $0[0].conv2d($0[1]) })
    }

    /// A residual sum: two convolutions of one input added.
    @Test func residualSum() {
        let x = randomTensor([2, 3, 4, 4], seed: 36)
        let w = randomTensor([4, 3, 3, 3], seed: 37, scale: 0.3), shortcut = randomTensor([4, 3, 1, 1], seed: 38, scale: 0.3)
        #expect(check.passes([x, w, shortcut]) { $0[0].conv2d($0[1], padding: 1) + $0[0].conv2d($0[2]) })
    }

    /// 3×3 convolutions with 16 channels or more run Winograd's algorithm (odd width: the last
    /// tiles overhang the image).
    @Test func winogradConvolution() {
        let x = randomTensor([2, 16, 7, 9], seed: 13), w = randomTensor([16, 16, 3, 3], seed: 14, scale: 0.1)
        #expect(check.passes([x, w]) { $0[0].conv2d($0[1], padding: 1) })
    }

    @Test func pooling() {
        // Distinct values per window, separated by more than the finite-difference step.
        let values: [Float] = (0..<120).map { index in Float((index * 37) % 120) * 0.1 - 6 }
        let x = Tensor(shape: [2, 3, 5, 4], scalars: values)
        #expect(check.passes([x]) { $0[0].maxPool2d(window: 2) })
        #expect(check.passes([x]) { $0[0].averagePool2d(window: 2) })
        #expect(check.passes([x]) { $0[0].globalAveragePooled() })
    }

    @Test func softmaxLossAndDistances() {
        let logits = randomTensor([6, 5], seed: 13)
        #expect(check.passes([logits]) { $0[0].logSoftmax() })
        #expect(check.passes([logits]) { $0[0].crossEntropy(labels: [0, 4, 2, 2, 1, 3]) })
        let a = randomTensor([4, 3], seed: 14), b = randomTensor([5, 3], seed: 15)
        #expect(check.passes([a, b]) { $0[0].squaredDistances(to: $0[1]) })
    }

    @Test func batchNormalization() {
        let x = randomTensor([4, 3, 2, 2], seed: 16), scale = randomTensor([3], seed: 17), shift = randomTensor([3], seed: 18)
        #expect(check.passes([x, scale, shift]) { $0[0].batchNormalized(scale: $0[1], shift: $0[2]).output })
        let features = randomTensor([5, 3], seed: 19)
        #expect(check.passes([features, scale, shift]) { $0[0].batchNormalized(scale: $0[1], shift: $0[2]).output })
    }

    /// Batch norm's derivative is made of differentiable operations: the gradient itself, taken
    /// with a recorded backward pass, must pass the check (derivatives of batch norm up to the
    /// fourth order).
    @Test func batchNormalizationDerivative() {
        let x = randomTensor([4, 3, 2, 2], seed: 28), scale = randomTensor([3], seed: 29), shift = randomTensor([3], seed: 30)
        let weights = randomTensor([4, 3, 2, 2], seed: 31)
        #expect(check.passes([x, scale, shift]) { values in
            // The check also evaluates at constants (for its finite differences).
            let inputs = values.map { $0.requiresGradient ? $0 : $0.variable() }
            let y = inputs[0].batchNormalized(scale: inputs[1], shift: inputs[2]).output
            let grads = gradients(of: (y * weights).sum() + y.squared().sum() * 0.5, wrt: inputs, createGraph: true)
            return Tensor.concatenate([grads[0].reshaped([48]), grads[1], grads[2]])
        })
    }

    @Test func fusedBatchNormAndPooling() {
        // Odd sizes leave a row and a column outside every window (floor mode).
        let x = randomTensor([3, 2, 5, 5], seed: 21), scale = randomTensor([2], seed: 22), shift = randomTensor([2], seed: 23)
        #expect(check.passes([x, scale, shift]) { $0[0].batchNormalizedMaxPool(scale: $0[1], shift: $0[2]).output })
    }

    /// A thin convolution of an input without gradient runs fused with batch norm and pooling.
    /// A 1×1 kernel on distinct, well-separated pixel values keeps every window's pick fixed under
    /// the finite-difference steps (the 3×3 case is checked against the operations in sequence).
    @Test func fusedConvolutionBlock() {
        let values: [Float] = (0..<40).map { index in Float((index * 37) % 40) * 0.1 - 2 }
        let x = Tensor(shape: [2, 1, 5, 4], scalars: values)
        let weight = Tensor(shape: [2, 1, 1, 1], scalars: [1.5, -2]), scale = Tensor(shape: [2], scalars: [0.8, -1.1])
        let shift = randomTensor([2], seed: 27)
        #expect(check.passes([weight, scale, shift]) {
            x.conv2dBatchNormalizedMaxPool($0[0], scale: $0[1], shift: $0[2]).output
        })
    }

    @Test func checkRejectsAWrongDerivative() {
        // The check itself must be able to fail: a function whose gradient is cut off by
        // `detached()` has a wrong derivative, and the check must notice.
        let x = randomTensor([3, 4], seed: 20)
        let outcome = check.run([x]) { $0[0] * $0[0].detached() }
        #expect(outcome.firstOrderError > 0.05)
    }
}
