/// `exp` and `log` of Float computed from IEEE additions, multiplications and divisions of Double
/// alone (no fused multiply-add, no table, no C library), so they give the same bits on every
/// machine: the elementary functions of `NumericsMode.portable`.
///
/// Each works in Double with a relative error below 1e-14 and rounds once to Float, so the
/// result is the correctly rounded value except when the exact one lies within about 1e-14 of
/// halfway between two floats, and then one unit in the last place away at most.
public enum PortableMath {
    /// e^x. Infinity above 88.73 (where e^x exceeds the largest Float), 0 below −104 (half the
    /// smallest subnormal), NaN for NaN; subnormal results are rounded once.
    public static func exp(_ x: Float) -> Float {
        if x.isNaN { return x }
        if x > 89 { return .infinity }
        if x < -104 { return 0 }
        // x = n·ln 2 + r with |r| ≤ ln 2 / 2; ln 2 in two parts so that n·ln2High is exact.
        let value = Double(x)
        let n = (value * log2e).rounded()
        let r = (value - n * ln2High) - n * ln2Low
        // Taylor series of e^r to degree 12: the first term left out is below 1.4e-16 relative.
        let series = horner(expCoefficients, r)
        return Float(series * Double(sign: .plus, exponent: Int(n), significand: 1))
    }

    /// The natural logarithm: −infinity at ±0, NaN below 0 and for NaN, infinity at infinity.
    public static func log(_ x: Float) -> Float {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return x }
        // x = m·2^e with m in [√½, √2).
        let normal = x.isSubnormal ? x * 0x1p23 : x
        var exponent = Int(normal.exponent) - (x.isSubnormal ? 23 : 0)
        var m = Double(normal.significand)
        if m > 2.0.squareRoot() {
            m /= 2
            exponent += 1
        }
        // log m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …) with s = (m − 1)/(m + 1), |s| < 0.1716: the
        // first term left out, s¹⁹/19, is below 4e-17 relative.
        let s = (m - 1) / (m + 1)
        let z = s * s
        let series = horner(atanhCoefficients, z)
        return Float(Double(exponent) * ln2 + 2 * s * series)
    }

    /// c₀ + c₁x + c₂x² + … for `coefficients` c₀, c₁, …, from the highest power down.
    @inline(__always)
    private static func horner(_ coefficients: [Double], _ x: Double) -> Double {
        coefficients.reversed().reduce(0) { $0 * x + $1 }
    }

    /// 1/k! for k = 0 … 12.
    private static let expCoefficients: [Double] = (0...12).map { k in
        1 / (1...max(k, 1)).reduce(1.0) { $0 * Double($1) }
    }
    /// 1/(2k + 1) for k = 0 … 8.
    private static let atanhCoefficients: [Double] = (0...8).map { 1 / Double(2 * $0 + 1) }
    private static let log2e = 1.4426950408889634
    private static let ln2 = 0.6931471805599453
    /// ln 2 to 32 bits (the lower 21 of the significand zero) and the rest.
    private static let ln2High = 6.93147180369123816490e-01
    private static let ln2Low = 1.90821492927058770002e-10
}
