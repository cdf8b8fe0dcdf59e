import CNumerics
import MetaTensor
import SeededRandom
import Testing

/// The activations of bf16 numerics: convolutions and leaky ReLU give bfloat16 values, derivative
/// rules keep such values in two bytes, and what the backward pass reads back is, to the bit, what
/// the forward pass computed.
@Suite struct BFloat16ActivationTests {
    static func bf16(_ x: Float) -> Float { metalearn_round_to_bf16(x) }

    static func random(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float(generator.nextNormal()) }
    }

    static let edges: [Float] = [
        1 + 0x1p-8, 1 + 3 * 0x1p-8, -2.5, 0x1.8p-133, -0x1.8p-133, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
        0x1p-130,
        0, -0.0, .infinity, -.infinity, .nan, 3.4e38,
    ]

    /// The GEMM's rounding, into another buffer and in place; with the sign kept, a nonzero value
    /// that would round to a zero becomes ±2⁻¹²⁶ instead. The edges come in runs of 32 (the vector
    /// path where the CPU has AVX512-BF16) and in a short tail.
    @Test(arguments: [false, true])
    func rounding(keepingSign: Bool) {
        let values = Self.edges + Self.random(50, seed: 8) + Self.edges
        var copied = [Float](repeating: 1, count: values.count)
        metalearn_round_to_bf16_values(values, values.count, keepingSign ? 1 : 0, &copied)
        var inPlace = values
        inPlace.withUnsafeMutableBufferPointer {
            metalearn_round_to_bf16_values($0.baseAddress, $0.count, keepingSign ? 1 : 0, $0.baseAddress)
        }
        for rounded in [copied, inPlace] {
            for (x, r) in zip(values, rounded) {
                let nearest = Self.bf16(x)
                if x.isNaN {
                    #expect(r.isNaN)
                } else if keepingSign && nearest == 0 && x != 0 {
                    #expect(r == (x > 0 ? 0x1p-126 : -0x1p-126), "\(x)")
                } else {
                    #expect(r.bitPattern == nearest.bitPattern, "\(x)")
                }
            }
        }
    }

    /// Two bytes hold a bfloat16 value whole: NaN, infinities and zeros of either sign included.
    @Test func twoBytesHoldABFloat16Value() {
        let values = Self.edges.map(Self.bf16) + Self.random(1000, seed: 5).map(Self.bf16)
        var halves = [UInt16](repeating: 0, count: values.count)
        var back = [Float](repeating: 1, count: values.count)
        metalearn_bf16_compact(values, values.count, &halves)
        metalearn_bf16_expand(halves, halves.count, &back)
        #expect(back.map(\.bitPattern) == values.map(\.bitPattern))
    }

    private func address(of tensor: Tensor) -> UnsafePointer<Float>? {
        tensor.withUnsafeBufferPointer { $0.baseAddress }
    }

    /// Leaky ReLU's output is kept by its own rule (the mask) and by batch norm's (the input) in one
    /// two-byte copy, so its Float buffer is free once the forward pass drops it, and the gradient
    /// read from the copy is the one computed in Float from the same values.
    @Test func keptActivationsTakeTwoBytesAndReadBackExactly() {
        let shape = [4, 4, 64, 64]  // 256 KiB, above the size the pool recycles; lane 45 is this test's
        // Finite edges small enough to leave batch norm's statistics finite, so every gradient is checked.
        let finite = Self.edges.filter { $0.magnitude < 1e30 }
        let inputs = finite + Self.random((1 << 16) - finite.count, seed: 1)
        let weights = Tensor(shape: shape, scalars: Self.random(1 << 16, seed: 2))
        let scale = Tensor(shape: [4], scalars: [1, -0.5, 2, 0.25])
        let shift = Tensor(shape: [4], scalars: [0, 1, -1, 0.5])
        let (values, gradient) = BufferLanes.with(45) {
            NumericsMode.with(.bf16) {
                let x = Tensor(shape: shape, scalars: inputs).variable()
                var activation: Tensor? = x.leakyReLU(negativeSlope: 0.1)
                let buffer = address(of: activation!)
                let values = activation!.scalars
                let normalized = activation!.batchNormalized(scale: scale, shift: shift).output
                activation = nil
                #expect(address(of: BufferLanes.with(45) { Tensor(zeros: shape) }) == buffer)
                return (values, gradients(of: (normalized * weights).sum(), wrt: [x])[0].scalars)
            }
        }
        #expect(values.allSatisfy { $0.bitPattern == Self.bf16($0).bitPattern })
        #expect(zip(values, inputs).allSatisfy { ($0 > 0) == ($1 > 0) })
        let activation = Tensor(shape: shape, scalars: values).variable()
        let normalized = activation.batchNormalized(scale: scale, shift: shift).output
        let upstream = gradients(of: (normalized * weights).sum(), wrt: [activation])[0].scalars
        let expected = zip(upstream, inputs).map { g, x in x > 0 ? g : g * Float(0.1) }
        let identical = gradient.map(\.bitPattern) == expected.map(\.bitPattern)
        #expect(identical, "the gradient through the kept copies differs from the one computed in Float")
    }

    /// A convolution rounds its input and its output: an input rounded beforehand gives the same
    /// output and gradients, the input's gradient passing through the rounding; and the kept input
    /// keeps its gradient node, so the second-order term through the kernel gradient is there.
    @Test(.enabled(if: NumericsMode.bf16.missingFeature == nil, "this CPU lacks AVX512-BF16"))
    func convolutionTakesAndGivesBFloat16Values() {
        let shape = [2, 16, 12, 12]
        let inputs = Self.random(2 * 16 * 12 * 12, seed: 3)
        let w = Tensor(shape: [16, 16, 3, 3], scalars: Self.random(16 * 16 * 9, seed: 4).map { $0 / 12 }).variable()
        let c = Tensor(shape: shape, scalars: Self.random(2 * 16 * 12 * 12, seed: 6))
        let v = Tensor(shape: w.shape, scalars: Self.random(16 * 16 * 9, seed: 7))
        let scale = Tensor(repeating: 1.5, shape: [16])
        let shift = Tensor(repeating: 0.25, shape: [16])
        NumericsMode.with(.bf16) {
            func run(_ input: Tensor) -> (output: [UInt32], gradients: [[UInt32]]) {
                let y = input.conv2d(w, padding: 1)
                let loss = (y.batchNormalized(scale: scale, shift: shift).output * c).sum()
                return (
                    y.scalars.map(\.bitPattern),
                    gradients(of: loss, wrt: [input, w]).map { $0.scalars.map(\.bitPattern) }
                )
            }
            let x = Tensor(shape: shape, scalars: inputs).variable()
            let direct = run(x)
            let preRounded = run(Tensor(shape: shape, scalars: inputs.map(Self.bf16)).variable())
            #expect(direct.output.allSatisfy { $0 == Self.bf16(Float(bitPattern: $0)).bitPattern })
            let sameOutput = direct.output == preRounded.output
            let sameGradients = direct.gradients == preRounded.gradients
            #expect(sameOutput && sameGradients, "a rounded input computes differently")

            let dW = gradients(of: (x.conv2d(w, padding: 1) * c).sum(), wrt: [w], createGraph: true)[0]
            let secondOrder = gradients(of: (dW * v).sum(), wrt: [x])[0].scalars
            let expected = gradients(of: (x.conv2d(v, padding: 1) * c).sum(), wrt: [x])[0].scalars
            #expect(secondOrder.contains { $0 != 0 })
            let identical = secondOrder.map(\.bitPattern) == expected.map(\.bitPattern)
            #expect(identical, "the second-order term through the kept input differs")
        }
    }

    /// In bf16 numerics a batch's convolution runs its images in chunks of at least 256 tiles
    /// (`WinogradConvolution`); each image's value and input gradient are still, to the bit, what
    /// the image alone gives.
    @Test(.enabled(if: NumericsMode.bf16.missingFeature == nil, "this CPU lacks AVX512-BF16"))
    func chunkingNeverChangesAnImagesConvolution() {
        let (images, image) = (12, 16 * 10 * 10)  // 25 tiles an image: chunks of 11 images and 1
        let inputs = Self.random(images * image, seed: 9)
        let gradient = Self.random(images * image, seed: 10)
        let w = Tensor(shape: [16, 16, 3, 3], scalars: Self.random(16 * 16 * 9, seed: 11).map { $0 / 12 })
        func convolve(_ range: Range<Int>) -> (value: [UInt32], inputGradient: [UInt32]) {
            let shape = [range.count, 16, 10, 10]
            let x = Tensor(shape: shape, scalars: Array(inputs[(range.lowerBound * image)..<(range.upperBound * image)]))
                .variable()
            let c = Tensor(shape: shape, scalars: Array(gradient[(range.lowerBound * image)..<(range.upperBound * image)]))
            let y = x.conv2d(w, padding: 1)
            return (y.scalars.map(\.bitPattern), gradients(of: (y * c).sum(), wrt: [x])[0].scalars.map(\.bitPattern))
        }
        NumericsMode.with(.bf16) {
            let batch = convolve(0..<images)
            let alone = (0..<images).map { convolve($0..<($0 + 1)) }
            let sameValues = batch.value == alone.flatMap(\.value)
            let sameGradients = batch.inputGradient == alone.flatMap(\.inputGradient)
            #expect(sameValues && sameGradients, "a chunk of images computed an image differently")
        }
    }
}
