import Testing
import MetaTensor

/// Behaviour of the reverse pass itself: accumulation, pruning, graph modes.
@Suite struct AutodiffTests {
    @Test func gradientsAccumulateOverEveryUse() {
        let x = Tensor(shape: [2], scalars: [3, -1]).variable()
        let y = (x * x + x * 2).sum()          // dy/dx = 2x + 2
        #expect(gradients(of: y, wrt: [x])[0].scalars == [8, 0])
    }

    @Test func unrelatedVariablesGetZeros() {
        let x = Tensor(shape: [2], scalars: [1, 2]).variable()
        let unrelated = Tensor(shape: [3], scalars: [1, 1, 1]).variable()
        let grads = gradients(of: x.sum(), wrt: [x, unrelated])
        #expect(grads[1].scalars == [0, 0, 0])
    }

    @Test func noGradientScopeRecordsNothing() {
        let x = Tensor(shape: [2], scalars: [1, 2]).variable()
        let y = withoutGradients { (x * x).sum() }
        #expect(!y.requiresGradient)
        #expect((x * x).requiresGradient)
    }

    @Test func firstOrderGradientsAreConstants() {
        let x = Tensor(shape: [2], scalars: [1, 2]).variable()
        let g = gradients(of: (x * x * x).sum(), wrt: [x])[0]
        #expect(!g.requiresGradient)
        let h = gradients(of: (x * x * x).sum(), wrt: [x], createGraph: true)[0]
        #expect(h.requiresGradient)
        // d/dx Σ 3x² = 6x.
        #expect(gradients(of: h.sum(), wrt: [x])[0].scalars == [6, 12])
    }

    @Test func thirdDerivative() {
        let x = Tensor(shape: [1], scalars: [2]).variable()
        let y = (x * x * x * x).sum()                              // x⁴
        let first = gradients(of: y, wrt: [x], createGraph: true)[0]            // 4x³ = 32
        let second = gradients(of: first.sum(), wrt: [x], createGraph: true)[0] // 12x² = 48
        let third = gradients(of: second.sum(), wrt: [x])[0]                    // 24x = 48
        #expect(first.scalars == [32])
        #expect(second.scalars == [48])
        #expect(third.scalars == [48])
    }

    @Test func seedGivesVectorJacobianProduct() {
        let x = Tensor(shape: [2], scalars: [1, 2]).variable()
        let y = x * x
        let g = gradients(of: y, wrt: [x], seed: Tensor(shape: [2], scalars: [1, 10]))[0]
        #expect(g.scalars == [2, 40])
    }

    @Test func fusedAndRecordedBatchNormDerivativesAgree() {
        // Without a recorded backward pass batch norm uses its fused kernel; with one, the same
        // formula in primitives. Both must give the same gradients.
        let x = randomTensor([3, 4, 5, 5], seed: 1).variable()
        let scale = randomTensor([4], seed: 2).variable(), shift = randomTensor([4], seed: 3).variable()
        let weights = randomTensor([3, 4, 5, 5], seed: 4)
        let loss = (x.batchNormalized(scale: scale, shift: shift).output * weights).sum()
        let fused = gradients(of: loss, wrt: [x, scale, shift])
        let recorded = gradients(of: loss, wrt: [x, scale, shift], createGraph: true)
        for (a, b) in zip(fused, recorded) {
            #expect(maxAbsDifference(a.scalars, b.scalars) < 1e-5)
        }
    }

    /// Small planes, and wide ones that take the eight-windows-at-a-time pooling path; a positive,
    /// a negative (windows picked at the minimum) and a zero scale.
    @Test(arguments: [false, true], [[4, 3, 7, 6], [3, 3, 5, 34]])
    func fusedBatchNormPoolingEqualsTheTwoOperations(recorded: Bool, shape: [Int]) {
        let x = randomTensor(shape, seed: 5).variable()
        let scale = Tensor(shape: [3], scalars: [0.7, -1.3, 0]).variable(), shift = randomTensor([3], seed: 7).variable()
        let weights = randomTensor([shape[0], 3, shape[2] / 2, shape[3] / 2], seed: 8)
        let fused = x.batchNormalizedMaxPool(scale: scale, shift: shift).output
        let separate = x.batchNormalized(scale: scale, shift: shift).output.maxPool2d()
        #expect(maxAbsDifference(fused.scalars, separate.scalars) < 1e-6)
        let fusedGradients = gradients(of: (fused * weights).sum(), wrt: [x, scale, shift], createGraph: recorded)
        let separateGradients = gradients(of: (separate * weights).sum(), wrt: [x, scale, shift], createGraph: recorded)
        for (a, b) in zip(fusedGradients, separateGradients) {
            #expect(maxAbsDifference(a.scalars, b.scalars) < 1e-5)
        }
    }

    /// Thin convolutions (gray and colour first layers) of an input without gradient run fused with
    /// batch norm and pooling: values, gradients and Hessian–vector products must be those of the
    /// operations in sequence, for a positive, a negative and a zero scale. Ten images put two in
    /// some of the kernel gradient's groups.
    @Test(arguments: [[10, 1, 8, 6], [3, 3, 9, 34]])
    func fusedConvolutionBlockEqualsTheOperationsInSequence(shape: [Int]) {
        let x = randomTensor(shape, seed: 9), weight = randomTensor([3, shape[1], 3, 3], seed: 10).variable()
        let scale = Tensor(shape: [3], scalars: [0.7, -1.3, 0]).variable(), shift = randomTensor([3], seed: 11).variable()
        let weights = randomTensor([shape[0], 3, shape[2] / 2, shape[3] / 2], seed: 12)
        let direction = randomTensor(weight.shape, seed: 13)
        let parameters = [weight, scale, shift]
        func derivatives(_ block: () -> Tensor) -> [Tensor] {
            let y = block()
            let loss = (y * weights).sum() + y.squared().sum() * 0.5
            let firstOrder = gradients(of: loss, wrt: parameters)
            let recorded = gradients(of: loss, wrt: parameters, createGraph: true)
            let hessianVector = gradients(of: (recorded[0] * direction).sum(), wrt: parameters)
            return [y] + firstOrder + hessianVector
        }
        let fused = derivatives { x.conv2dBatchNormalizedMaxPool(weight, padding: 1, scale: scale, shift: shift).output }
        let separate = derivatives { x.conv2d(weight, padding: 1).batchNormalizedMaxPool(scale: scale, shift: shift).output }
        for (a, b) in zip(fused, separate) {
            let size = b.scalars.map(abs).max() ?? 0
            #expect(maxAbsDifference(a.scalars, b.scalars) <= 1e-5 * max(1, size))
        }
    }

    @Test func shapeMismatchStopsWithAMessage() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor.matmul(Tensor(zeros: [2, 3]), Tensor(zeros: [2, 3]))
        }
        await #expect(processExitsWith: .failure) {
            _ = Tensor(zeros: [2, 3]) + Tensor(zeros: [4])
        }
    }
}
