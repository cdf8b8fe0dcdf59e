import Testing
import MetaTensor
import SeededRandom

/// `Tensor.solve`: its values against hand computations and residuals, and its first and second
/// derivatives against finite differences (`DerivativeCheck`), with the errors observed.
@Suite struct LinearSolveTests {
    @Test func solvesATwoByTwoSystemByHand() {
        // [2 1; 1 3]·X = [3 1; 5 0] has X = [0.8 0.6; 1.4 −0.2] (determinant 5).
        let a = Tensor(shape: [2, 2], scalars: [2, 1, 1, 3]), b = Tensor(shape: [2, 2], scalars: [3, 1, 5, 0])
        let x = Tensor.solve(a, b)
        #expect(x.shape == [2, 2])
        #expect(maxAbsDifference(x.scalars, [0.8, 0.6, 1.4, -0.2]) <= 1e-6)
    }

    @Test func pivotsPastAZeroDiagonal() {
        // Without row exchanges the first pivot is 0.
        let a = Tensor(shape: [3, 3], scalars: [0, 1, 2, 1, 0, 3, 4, -3, 8]), b = Tensor(shape: [3, 1], scalars: [1, 2, 3])
        let x = Tensor.solve(a, b)
        #expect(maxAbsDifference(Tensor.matmul(a, x).scalars, b.scalars) <= 1e-5)
        #expect(x.scalars.allSatisfy { $0.isFinite })
    }

    @Test func leavesASmallResidualOnASupportSetSizedSystem() {
        // A 25×25 Gram matrix plus λI, as R2D2 solves for 5-way 5-shot, and 5 right-hand sides.
        let features = randomTensor([25, 64], seed: 50)
        let a = Tensor.matmul(features, features, transposingB: true) + Tensor.identity(25) * 0.5
        let b = randomTensor([25, 5], seed: 51)
        let x = Tensor.solve(a, b)
        let residual = (Tensor.matmul(a, x) - b).squared().sum().scalar.squareRoot()
        #expect(residual <= 1e-4 * b.squared().sum().scalar.squareRoot(), "residual \(residual)")
    }

    @Test func derivativesMatchFiniteDifferencesToSecondOrder() {
        let check = DerivativeCheck()
        // Well conditioned (diagonal dominant) and a system whose first pivot needs an exchange.
        let conditioned = randomTensor([4, 4], seed: 52, scale: 0.5) + Tensor.identity(4) * 3
        let exchanged = Tensor(shape: [3, 3], scalars: [0.1, 2, 0.3, 1.5, 0.2, -0.4, 0.3, 0.5, 2.5])
        for a in [conditioned, exchanged] {
            let b = randomTensor([a.shape[0], 3], seed: 53)
            let both = check.run([a, b]) { Tensor.solve($0[0], $0[1]) }
            let matrixOnly = check.run([a]) { Tensor.solve($0[0], b) }
            let rightHandSideOnly = check.run([b]) { Tensor.solve(a, $0[0]) }
            for outcome in [both, matrixOnly, rightHandSideOnly] {
                #expect(outcome.firstOrderError < check.tolerance && outcome.secondOrderError < check.tolerance)
                print("solve \(a.shape): first-order error \(outcome.firstOrderError), second-order \(outcome.secondOrderError)")
            }
        }
    }

    @Test func theCheckCatchesAMissingMatrixTerm() {
        // Dropping the derivative in A (a detached A) must fail the check by far more than its tolerance.
        let a = randomTensor([4, 4], seed: 54, scale: 0.5) + Tensor.identity(4) * 3, b = randomTensor([4, 2], seed: 55)
        let outcome = DerivativeCheck().run([a, b]) { Tensor.solve($0[0].detached(), $0[1]) }
        #expect(outcome.firstOrderError > 0.05)
    }
}
