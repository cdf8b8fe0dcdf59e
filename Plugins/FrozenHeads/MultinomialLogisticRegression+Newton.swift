import Foundation

extension MultinomialLogisticRegression {
    /// The objective in the basis of the support span: θ holds, class after class, the class's r
    /// weight coordinates and its bias (`width` = r + 1 values), and each row's coordinates end in 1,
    /// so a logit is one inner product. f(θ) = Σᵢ [log Σₖ exp zᵢₖ − zᵢ,yᵢ] + (penalty/2)·Σ weights²
    /// + ½(Σₖ bₖ)², where the last term, zero at the optimum Newton's steps reach from zero, makes
    /// the Hessian positive definite along the direction that adds a constant to every bias.
    struct Problem {
        /// [n, width], row-major.
        let coordinates: [Double]
        let labels: [Int]
        let classes: Int
        let width: Int
        /// 1 / C.
        let penalty: Double

        var parameterCount: Int { classes * width }

        /// The softmax of row `row`'s logits at θ.
        func probabilities(_ theta: [Double], row: Int) -> [Double] {
            let logits = (0..<classes).map { k in
                (0..<width).reduce(0.0) { $0 + theta[k * width + $1] * coordinates[row * width + $1] }
            }
            let largest = logits.max() ?? 0
            let exponentials = logits.map { exp($0 - largest) }
            let total = exponentials.reduce(0, +)
            return exponentials.map { $0 / total }
        }

        /// f(θ).
        func objective(_ theta: [Double]) -> Double {
            var value = 0.0
            for row in labels.indices {
                value -= log(probabilities(theta, row: row)[labels[row]])
            }
            var biasSum = 0.0
            for k in 0..<classes {
                for j in 0..<(width - 1) { value += 0.5 * penalty * theta[k * width + j] * theta[k * width + j] }
                biasSum += theta[k * width + width - 1]
            }
            return value + 0.5 * biasSum * biasSum
        }

        /// ∇f(θ) and the Hessian (row-major, parameterCount²).
        func gradientAndHessian(_ theta: [Double]) -> (gradient: [Double], hessian: [Double]) {
            let count = parameterCount
            var gradient = [Double](repeating: 0, count: count)
            var hessian = [Double](repeating: 0, count: count * count)
            hessian.withUnsafeMutableBufferPointer { hessian in
                coordinates.withUnsafeBufferPointer { coordinates in
                    for row in labels.indices {
                        let p = probabilities(theta, row: row)
                        let c = coordinates.baseAddress! + row * width
                        for k in 0..<classes {
                            let residual = p[k] - (labels[row] == k ? 1 : 0)
                            for j in 0..<width { gradient[k * width + j] += residual * c[j] }
                            // The (k, l) block for l ≥ k; the lower blocks are mirrored below.
                            for l in k..<classes {
                                let curvature = (k == l ? p[k] : 0) - p[k] * p[l]
                                for j in 0..<width {
                                    let scaled = curvature * c[j]
                                    let block = hessian.baseAddress! + (k * width + j) * count + l * width
                                    for i in 0..<width { block[i] += scaled * c[i] }
                                }
                            }
                        }
                    }
                }
                for k in 0..<classes {
                    for l in (k + 1)..<classes {
                        for j in 0..<width {
                            for i in 0..<width {
                                hessian[(l * width + i) * count + k * width + j] =
                                    hessian[(k * width + j) * count + l * width + i]
                            }
                        }
                    }
                }
            }
            let biasSum = (0..<classes).reduce(0.0) { $0 + theta[$1 * width + width - 1] }
            for k in 0..<classes {
                for j in 0..<(width - 1) {
                    gradient[k * width + j] += penalty * theta[k * width + j]
                    hessian[(k * width + j) * count + k * width + j] += penalty
                }
                gradient[k * width + width - 1] += biasSum
                for l in 0..<classes { hessian[(k * width + width - 1) * count + l * width + width - 1] += 1 }
            }
            return (gradient, hessian)
        }

        /// θ after at most `newtonSteps` damped Newton steps from zero.
        func minimize(newtonSteps: Int) -> [Double] {
            var theta = [Double](repeating: 0, count: parameterCount)
            var value = objective(theta)
            for _ in 0..<newtonSteps {
                let (gradient, hessian) = gradientAndHessian(theta)
                guard let step = Self.solve(hessian, gradient.map { -$0 }, size: parameterCount) else { break }
                // −slope is the squared Newton decrement, twice the decrease the step promises: once
                // it is at rounding level the optimum is reached and further steps change nothing.
                let slope = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
                guard -slope > 1e-24 * max(1, abs(value)) else { break }
                var length = 1.0
                var accepted: (theta: [Double], value: Double)?
                for _ in 0..<40 {
                    let candidate = zip(theta, step).map { $0 + length * $1 }
                    let candidateValue = objective(candidate)
                    if candidateValue <= value + 1e-4 * length * slope {
                        accepted = (candidate, candidateValue)
                        break
                    }
                    length *= 0.5
                }
                guard let accepted else { break }
                (theta, value) = accepted
            }
            return theta
        }

        /// The solution of A x = b for a symmetric positive-definite A (row-major, size²) by
        /// Cholesky's factorisation; nil when A is not positive definite to working precision.
        static func solve(_ matrix: [Double], _ right: [Double], size: Int) -> [Double]? {
            var lower = [Double](repeating: 0, count: size * size)
            let factored = lower.withUnsafeMutableBufferPointer { lower in
                for i in 0..<size {
                    for j in 0...i {
                        var sum = matrix[i * size + j]
                        let (rowI, rowJ) = (lower.baseAddress! + i * size, lower.baseAddress! + j * size)
                        for k in 0..<j { sum -= rowI[k] * rowJ[k] }
                        if i == j {
                            guard sum > 0 else { return false }
                            rowI[i] = sum.squareRoot()
                        } else {
                            rowI[j] = sum / rowJ[j]
                        }
                    }
                }
                return true
            }
            guard factored else { return nil }
            var y = right
            for i in 0..<size {
                for k in 0..<i { y[i] -= lower[i * size + k] * y[k] }
                y[i] /= lower[i * size + i]
            }
            for i in stride(from: size - 1, through: 0, by: -1) {
                for k in (i + 1)..<size { y[i] -= lower[k * size + i] * y[k] }
                y[i] /= lower[i * size + i]
            }
            return y
        }
    }
}
