import Testing
import Foundation
import MetaTensor
import SeededRandom

/// Portable numerics as the engine runs them: the mode's scope, and convolutions (im2col and
/// Winograd, whose products and kernel-gradient sums all go through the fixed-order GEMM).
@Suite struct PortableNumericsTests {
    @Test func modeIsFastUnlessSetAndRestoredAfterwards() {
        #expect(NumericsMode.current == .fast)
        NumericsMode.with(.portable) {
            #expect(NumericsMode.current == .portable)
            NumericsMode.with(.fast) { #expect(NumericsMode.current == .fast) }
            #expect(NumericsMode.current == .portable)
        }
        #expect(NumericsMode.current == .fast)
    }

    @Test func expAndLogUsePortableMathInPortableNumerics() {
        let x = Tensor(shape: [5], scalars: [0.5, 1, 2.75, 10, 0.001])
        let (exp, log) = NumericsMode.with(.portable) { (x.exp(), x.log()) }
        #expect(exp.scalars == x.scalars.map(PortableMath.exp))
        #expect(log.scalars == x.scalars.map(PortableMath.log))
    }

    /// A convolution block with its gradients in portable numerics: the same bits on 1, 2 or 3
    /// threads (the workers inherit the mode), and the definition's values to Float rounding.
    /// 8 outputs run im2col, 16 Winograd.
    @Test(arguments: [8, 16])
    func convolutionBlockIsTheSameOnAnyNumberOfThreads(outputs: Int) {
        let x = randomTensor([40, 32, 14, 14], seed: 6).variable(), w = randomTensor([outputs, 32, 3, 3], seed: 7).variable()
        let scale = randomTensor([outputs], seed: 9).variable(), shift = randomTensor([outputs], seed: 10).variable()
        let g = randomTensor([40, outputs, 7, 7], seed: 8)
        func pass() -> [Tensor] {
            NumericsMode.with(.portable) {
                let y = x.conv2d(w, padding: 1).batchNormalizedMaxPool(scale: scale, shift: shift).output.relu()
                return [y] + gradients(of: (y * g).sum(), wrt: [x, w, scale, shift])
            }
        }
        let serial = pass()
        for threads in [2, 3] {
            let parallel = IntraOperationParallelism.withThreads(threads) { pass() }
            for (a, b) in zip(serial, parallel) { #expect(a.isIdentical(to: b)) }
        }
        let fast = x.conv2d(w, padding: 1).batchNormalizedMaxPool(scale: scale, shift: shift).output.relu()
        #expect(maxAbsDifference(serial[0].scalars, fast.scalars) <= 1e-4 * (fast.scalars.map(abs).max() ?? 0))
    }

    /// A convolution's value and gradients in portable numerics against plain loops over the
    /// definition, for im2col (8 outputs) and Winograd (16).
    @Test(arguments: [8, 16])
    func convolutionMatchesTheDefinition(outputs: Int) {
        let (images, channels, size) = (2, 16, 9)
        let x = randomTensor([images, channels, size, size], seed: 21).variable()
        let w = randomTensor([outputs, channels, 3, 3], seed: 22).variable()
        let g = randomTensor([images, outputs, size, size], seed: 23)
        let (y, grads) = NumericsMode.with(.portable) {
            let y = x.conv2d(w, padding: 1)
            return (y, gradients(of: (y * g).sum(), wrt: [x, w]))
        }
        let (expected, dx, dw) = directConvolution3x3(x, w, outputGradient: g)
        for (actual, reference) in [(y, expected), (grads[0], dx), (grads[1], dw)] {
            let largest = reference.map(abs).max() ?? 0
            #expect(zip(actual.scalars, reference).allSatisfy { abs(Double($0) - $1) <= 1e-5 * largest })
        }
    }

    /// A ResNet-12-style residual step in portable numerics: the same bits on 1, 2 or 3 threads, and
    /// the fast mode's values to Float rounding.
    @Test func residualStepIsTheSameOnAnyNumberOfThreads() {
        let x = randomTensor([8, 16, 10, 10], seed: 41).variable(), w = randomTensor([24, 16, 3, 3], seed: 42).variable()
        let shortcut = randomTensor([24, 16, 1, 1], seed: 43).variable()
        let g = randomTensor([8, 24], seed: 44)
        func forward() -> Tensor {
            (x.conv2d(w, padding: 1) + x.conv2d(shortcut)).maxPool2d().leakyReLU(negativeSlope: 0.1).globalAveragePooled()
        }
        func pass() -> [Tensor] {
            NumericsMode.with(.portable) {
                let y = forward()
                return [y] + gradients(of: (y * g).sum(), wrt: [x, w, shortcut])
            }
        }
        let serial = pass()
        for threads in [2, 3] {
            let parallel = IntraOperationParallelism.withThreads(threads) { pass() }
            for (a, b) in zip(serial, parallel) { #expect(a.isIdentical(to: b)) }
        }
        let fast = forward()
        #expect(maxAbsDifference(serial[0].scalars, fast.scalars) <= 1e-4 * (fast.scalars.map(abs).max() ?? 0))
    }
}
