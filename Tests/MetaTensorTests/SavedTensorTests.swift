import MetaTensor
import Testing

/// A graph keeps alive only what its derivative rules read: an intermediate result the rules do
/// not need goes back to the buffer pool as soon as no tensor refers to it, and the derivatives
/// read from what is kept are exact.
@Suite struct SavedTensorTests {
    /// 256 KiB, above the size the pool recycles. Lanes 42 and 43 are used by no other test.
    private static let count = 1 << 16

    private func address(of tensor: Tensor) -> UnsafePointer<Float>? {
        tensor.withUnsafeBufferPointer { $0.baseAddress }
    }

    /// Whether the last buffer freed in `lane` was `buffer`: the pool hands it out next.
    private func isIdle(_ buffer: UnsafePointer<Float>?, lane: Int) -> Bool {
        address(of: BufferLanes.with(lane) { Tensor(zeros: [Self.count]) }) == buffer
    }

    @Test func aSumKeepsNeitherOperand() {
        BufferLanes.with(42) {
            let x = Tensor(zeros: [Self.count]).variable()
            var operand: Tensor? = x * 2
            let buffer = address(of: operand!)
            let sum = operand! + x
            operand = nil
            #expect(isIdle(buffer, lane: 42))
            #expect(gradients(of: sum, wrt: [x])[0].scalars.allSatisfy { $0 == 3 })
        }
    }

    @Test func leakyReLUKeepsItsOutputNotItsInput() {
        BufferLanes.with(43) {
            let x = Tensor(repeating: -1, shape: [Self.count]).variable()
            var input: Tensor? = x * 2
            let buffer = address(of: input!)
            let output = input!.leakyReLU(negativeSlope: 0.1)
            input = nil
            #expect(isIdle(buffer, lane: 43))
            #expect(gradients(of: output, wrt: [x])[0].scalars.allSatisfy { $0 == 2 * Float(0.1) })
        }
    }

    /// The output's sign stands in for the input's at the edges too: zeros of either sign, a
    /// negative input whose output underflows to −0, infinities and NaN.
    @Test func leakyReLUDerivativeFromItsOutputAtTheEdges() {
        let values: [Float] = [
            0, -0.0, -.leastNonzeroMagnitude, .leastNonzeroMagnitude, -3, 3, -.infinity, .infinity, .nan,
        ]
        let x = Tensor(shape: [values.count], scalars: values).variable()
        for slope: Float in [0.1, 0, -0.5] {
            let derivative = gradients(of: x.leakyReLU(negativeSlope: slope), wrt: [x])[0].scalars
            #expect(derivative == values.map { $0 > 0 ? 1 : slope })
        }
    }
}
