import Testing
import Foundation
import MetaNN

@Suite struct ParametersTests {
    let sample = Parameters([("a", Tensor(shape: [2], scalars: [1, -2])),
                             ("b", Tensor(shape: [1, 2], scalars: [0.1, Float.ulpOfOne]))])

    @Test func codableRoundTripIsBitExact() throws {
        let data = try JSONEncoder().encode(sample)
        let decoded = try JSONDecoder().decode(Parameters.self, from: data)
        #expect(decoded.isIdentical(to: sample))
        #expect(decoded.names == ["a", "b"])
    }

    @Test func corruptDataIsRejected() throws {
        let text = String(decoding: try JSONEncoder().encode(sample), as: UTF8.self)
            .replacingOccurrences(of: "[1,2]", with: "[3,2]")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Parameters.self, from: Data(text.utf8)) }
    }

    @Test func innerLoopUpdateIsDifferentiable() {
        let theta = sample.variables()
        let rates = sample.map { Tensor(repeating: 0.5, shape: $0.shape) }
        let adapted = theta - rates * theta          // θ − 0.5·θ
        let loss = adapted.tensors.map { $0.sum() }.reduce(Tensor(0), +)
        let grads = theta.gradients(of: loss)
        #expect(grads.tensors.allSatisfy { $0.scalars.allSatisfy { $0 == 0.5 } })
    }

    @Test func orderAndSelection() {
        #expect(sample.filter { $0 == "b" }.names == ["b"])
        #expect(sample.merging(Parameters([("c", Tensor(0))])).names == ["a", "b", "c"])
        #expect(abs(sample.norm - (1 + 4 + 0.01 as Float).squareRoot()) < 1e-6)
        #expect(Parameters.sum([sample, sample, sample]).require("a").scalars == [3, -6])
    }
}
