import Testing
import MetaTensor

/// The closed form behind second-order MAML on a linear least-squares model, where every
/// quantity can be derived by hand: with L(θ) = ½·mean((Xθ − y)²),
///   ∇L(θ) = Xᵀ(Xθ − y)/n,  H = XᵀX/n,
/// the adapted parameters θ' = θ − α∇L_s(θ), and the meta-gradient
///   d/dθ L_q(θ') = (I − α·H_s) · ∇L_q(θ').
@Suite struct SecondOrderTests {
    let supportX: [[Double]] = [[1, 2, 0], [0, 1, -1], [2, 0, 1], [1, 1, 1]]
    let supportY: [Double] = [1, 0, 2, -1]
    let queryX: [[Double]] = [[0, 1, 2], [1, -1, 0], [3, 1, 1]]
    let queryY: [Double] = [2, 0, 1]
    let theta: [Double] = [0.5, -0.3, 0.2]
    let alpha = 0.1

    func leastSquaresGradient(_ x: [[Double]], _ y: [Double], _ w: [Double]) -> [Double] {
        var gradient = [Double](repeating: 0, count: w.count)
        for (row, target) in zip(x, y) {
            let residual = zip(row, w).map(*).reduce(0, +) - target
            for j in w.indices { gradient[j] += row[j] * residual / Double(x.count) }
        }
        return gradient
    }

    var handDerived: [Double] {
        let adapted = zip(theta, leastSquaresGradient(supportX, supportY, theta)).map { $0 - alpha * $1 }
        let queryGradient = leastSquaresGradient(queryX, queryY, adapted)
        return theta.indices.map { i in
            var total = queryGradient[i]
            for j in theta.indices {
                let hessian = supportX.map { $0[i] * $0[j] }.reduce(0, +) / Double(supportX.count)
                total -= alpha * hessian * queryGradient[j]
            }
            return total
        }
    }

    func tensor(_ rows: [[Double]]) -> Tensor {
        Tensor(shape: [rows.count, rows[0].count], scalars: rows.flatMap { $0.map(Float.init) })
    }

    func loss(_ x: [[Double]], _ y: [Double], _ w: Tensor) -> Tensor {
        let predictions = Tensor.matmul(tensor(x), w.reshaped([3, 1]))
        let targets = Tensor(shape: [y.count, 1], scalars: y.map(Float.init))
        return (predictions - targets).squared().mean() * 0.5
    }

    func metaLoss(_ w: Tensor, createGraph: Bool) -> (Tensor, Tensor) {
        let innerGradient = gradients(of: loss(supportX, supportY, w), wrt: [w], createGraph: createGraph)[0]
        let adapted = w - innerGradient * Float(alpha)
        return (loss(queryX, queryY, adapted), adapted)
    }

    @Test func metaGradientEqualsTheClosedForm() {
        let w = Tensor(shape: [3], scalars: theta.map(Float.init)).variable()
        let metaGradient = gradients(of: metaLoss(w, createGraph: true).0, wrt: [w])[0]
        #expect(maxAbsDifference(metaGradient.scalars, handDerived.map(Float.init)) < 1e-6)
    }

    @Test func metaGradientEqualsFiniteDifferences() {
        let epsilon: Float = 1e-2
        let numeric = (0..<3).map { i -> Float in
            var plus = theta.map(Float.init), minus = theta.map(Float.init)
            plus[i] += epsilon
            minus[i] -= epsilon
            let up = metaLoss(Tensor(shape: [3], scalars: plus).variable(), createGraph: false).0.scalar
            let down = metaLoss(Tensor(shape: [3], scalars: minus).variable(), createGraph: false).0.scalar
            return (up - down) / (2 * epsilon)   // exact up to round-off: the meta-loss is quadratic in θ
        }
        let w = Tensor(shape: [3], scalars: theta.map(Float.init)).variable()
        let metaGradient = gradients(of: metaLoss(w, createGraph: true).0, wrt: [w])[0]
        #expect(maxAbsDifference(metaGradient.scalars, numeric) < 1e-4)
    }

    @Test func firstOrderApproximationDropsTheHessianTerm() {
        let w = Tensor(shape: [3], scalars: theta.map(Float.init)).variable()
        let firstOrder = gradients(of: metaLoss(w, createGraph: false).0, wrt: [w])[0]
        let adapted = zip(theta, leastSquaresGradient(supportX, supportY, theta)).map { $0 - alpha * $1 }
        let expected = leastSquaresGradient(queryX, queryY, adapted).map(Float.init)
        #expect(maxAbsDifference(firstOrder.scalars, expected) < 1e-6)
        #expect(maxAbsDifference(firstOrder.scalars, handDerived.map(Float.init)) > 1e-3)
    }

    /// In bf16 numerics the meta-gradient keeps its second-order term: it stays within bfloat16's
    /// precision of the closed form, far closer than the first-order approximation comes.
    @Test(.enabled(if: NumericsMode.bf16.missingFeature == nil, "this CPU lacks AVX512-BF16"))
    func bf16MetaGradientKeepsTheHessianTerm() {
        let w = Tensor(shape: [3], scalars: theta.map(Float.init)).variable()
        let (bf16, firstOrder) = NumericsMode.with(.bf16) {
            (gradients(of: metaLoss(w, createGraph: true).0, wrt: [w])[0],
             gradients(of: metaLoss(w, createGraph: false).0, wrt: [w])[0])
        }
        let exact = handDerived.map(Float.init)
        let error = maxAbsDifference(bf16.scalars, exact), firstOrderError = maxAbsDifference(firstOrder.scalars, exact)
        #expect(error < 0.02 && error > 1e-6, "bfloat16 factors move the meta-gradient by \(error)")
        #expect(firstOrderError > 5 * error, "first order is off by \(firstOrderError)")
    }
}
