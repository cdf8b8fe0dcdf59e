import Foundation

/// Student's t distribution: the quantiles behind a 95% interval of a mean over few samples (seeds).
public enum StudentT {
    /// The two-sided 95% quantile t(0.975; ν) for `degreesOfFreedom` ν ≥ 1: 12.706 for ν = 1, 4.303
    /// for ν = 2, tending to 1.960 as ν grows. Found by bisecting the distribution function to 1e-12.
    public static func quantile975(degreesOfFreedom: Int) -> Double {
        precondition(degreesOfFreedom >= 1, "Student's t needs at least one degree of freedom")
        let nu = Double(degreesOfFreedom)
        var low = 0.0
        var high = 1000.0
        for _ in 0..<200 where high - low > 1e-12 {
            let middle = (low + high) / 2
            if upperTail(middle, nu) > 0.025 { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// P(T > t) for t ≥ 0: half the regularized incomplete beta I_x(ν/2, 1/2) at x = ν / (ν + t²).
    static func upperTail(_ t: Double, _ nu: Double) -> Double {
        0.5 * regularizedIncompleteBeta(nu / (nu + t * t), nu / 2, 0.5)
    }

    /// I_x(a, b) by Lentz's continued fraction, using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where it converges faster.
    static func regularizedIncompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a) + lgamma(b) - lgamma(a + b)
        let logFront: Double = a * log(x) + b * log(1 - x) - logBeta
        let front = exp(logFront)
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a, b) / a }
        return 1 - front * continuedFraction(1 - x, b, a) / b
    }

    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...300 {
            let m = Double(m)
            let even: Double = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            let odd: Double = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            for numerator in [even, odd] {
                d = 1 + numerator * d
                if abs(d) < tiny { d = tiny }
                c = 1 + numerator / c
                if abs(c) < tiny { c = tiny }
                d = 1 / d
                result *= d * c
            }
            if abs(d * c - 1) < 1e-15 { break }
        }
        return result
    }
}

/// The mean of one configuration's test accuracies over seeds, with the 95% interval of that mean
/// across seeds from Student's t: t(0.975; n − 1) · sd / √n, sd with divisor n − 1. Needs n ≥ 2.
public struct SeedSummary: Sendable, Equatable {
    /// The number of seeds (runs).
    public let count: Int
    /// The mean accuracy over seeds, summed in the given order.
    public let mean: Double
    /// Half the width of the 95% Student-t interval of the mean.
    public let ci95: Double

    /// Summarises `accuracies`, one per seed; at least two.
    public init(_ accuracies: [Double]) {
        precondition(accuracies.count >= 2, "an interval across seeds needs at least two seeds")
        let summary = AccuracySummary(accuracies)
        count = summary.count
        mean = summary.mean
        ci95 =
            StudentT.quantile975(degreesOfFreedom: count - 1) * summary.standardDeviation / Double(count).squareRoot()
    }
}
