import Testing
import Foundation
import MetaTensor

/// `PortableMath`'s exp and log against the C library's, over sweeps of the whole Float range.
@Suite struct PortableMathTests {
    /// The distance in units in the last place between two finite floats (or equal infinities).
    static func ulps(_ a: Float, _ b: Float) -> Int {
        func ordered(_ x: Float) -> Int {
            let bits = Int(x.bitPattern & 0x7FFF_FFFF)
            return x.sign == .minus ? -bits : bits
        }
        return abs(ordered(a) - ordered(b))
    }

    /// Every 997th bit pattern of the floats in `range`.
    static func sweep(_ range: ClosedRange<Float>) -> [Float] {
        stride(from: UInt32(0), to: UInt32.max - 997, by: 997).map { Float(bitPattern: $0) }.filter { range.contains($0) }
    }

    /// The largest distance, in ulps, of `portable` over `arguments` from the correctly rounded value
    /// (`double`, the C library's Double function, rounded to Float) and from the C library's `float`.
    static func worstUlps(over arguments: [Float], _ portable: (Float) -> Float, double: (Double) -> Double,
                          float: (Float) -> Float) -> (rounded: Int, library: Int) {
        arguments.reduce((0, 0)) { worst, x in
            let value = portable(x)
            return (max(worst.0, ulps(value, Float(double(Double(x))))), max(worst.1, ulps(value, float(x))))
        }
    }

    /// Within one unit in the last place of the correctly rounded value (the C library's Double
    /// function, rounded to Float) and of the C library's Float function, everywhere from the largest
    /// argument with a finite result down to underflow.
    @Test func expIsWithinOneUlpOfTheCLibrary() {
        let arguments = Self.sweep(-104...88.72)
        #expect(arguments.count > 1_000_000)
        let worst = Self.worstUlps(over: arguments, PortableMath.exp, double: Foundation.exp, float: Foundation.exp)
        #expect(worst.rounded <= 1 && worst.library <= 1, "worst: \(worst.rounded) and \(worst.library) ulps")
    }

    @Test func expAtTheEdges() {
        #expect(PortableMath.exp(0) == 1)
        #expect(PortableMath.exp(1) == Float(M_E))
        #expect(PortableMath.exp(88.73) == .infinity && PortableMath.exp(.infinity) == .infinity)
        #expect(PortableMath.exp(-.infinity) == 0 && PortableMath.exp(-105) == 0)
        #expect(PortableMath.exp(.nan).isNaN)
        // Subnormal results: e^-100 ≈ 3.72e-44, 26.5 times the smallest subnormal, rounded once.
        #expect(PortableMath.exp(-100) == Float(Foundation.exp(-100.0)))
        #expect(PortableMath.exp(-100).isSubnormal)
    }

    /// Within one unit in the last place of the C library's, over all positive floats, subnormal ones included.
    @Test func logIsWithinOneUlpOfTheCLibrary() {
        let arguments = Self.sweep(Float.leastNonzeroMagnitude...Float.greatestFiniteMagnitude)
        #expect(arguments.count > 1_000_000 && arguments.contains(where: \.isSubnormal))
        let worst = Self.worstUlps(over: arguments, PortableMath.log, double: Foundation.log, float: Foundation.log)
        #expect(worst.rounded <= 1 && worst.library <= 1, "worst: \(worst.rounded) and \(worst.library) ulps")
    }

    @Test func logAtTheEdges() {
        #expect(PortableMath.log(1) == 0)
        #expect(PortableMath.log(4) == Float(2 * M_LN2))
        #expect(PortableMath.log(0) == -.infinity && PortableMath.log(-0.0) == -.infinity)
        #expect(PortableMath.log(-1).isNaN && PortableMath.log(.nan).isNaN)
        #expect(PortableMath.log(.infinity) == .infinity)
        #expect(PortableMath.log(.leastNonzeroMagnitude) == Float(Foundation.log(Double(Float.leastNonzeroMagnitude))))
    }
}
