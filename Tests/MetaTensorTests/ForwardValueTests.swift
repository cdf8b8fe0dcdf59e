import Testing
import Foundation
import MetaTensor
import SeededRandom

/// Forward values against hand computations.
@Suite struct ForwardValueTests {
    @Test func broadcastingArithmetic() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3], scalars: [10, 20, 30])
        #expect((a + b).scalars == [11, 22, 33, 14, 25, 36])
        #expect((a * Tensor(shape: [2, 1], scalars: [2, 3])).scalars == [2, 4, 6, 12, 15, 18])
        #expect((a - 1).scalars == [0, 1, 2, 3, 4, 5])
        #expect(a.sum(alongAxes: [0]).scalars == [5, 7, 9])
        #expect(a.mean(alongAxes: [1]).scalars == [2, 5])
    }

    @Test func matrixProduct() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12])
        #expect(Tensor.matmul(a, b).scalars == [58, 64, 139, 154])
        #expect(Tensor.matmul(a, a, transposingB: true).scalars == [14, 32, 32, 77])
        #expect(Tensor.matmul(a, a, transposingA: true).shape == [3, 3])
    }

    @Test func blasRunsKernelsForThisCPU() throws {
        // OpenBLAS falls back to its generic Prescott kernels on CPUs it does not know; a CPU
        // with AVX2 and FMA must get kernels that use them.
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = Set(cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ") ?? [])
        guard flags.contains("avx2") && flags.contains("fma") else { return }
        #expect(BLAS.coreName != "Prescott")
        #expect(Tensor.matmul(Tensor(shape: [1, 2], scalars: [1, 2]), Tensor(shape: [2, 1], scalars: [3, 4])).scalars == [11])
    }

    @Test func convolutionByHand() {
        // 1 image, 1 channel, 3x3 input; a 2x2 kernel; no padding → 2x2 output.
        let x = Tensor(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let w = Tensor(shape: [1, 1, 2, 2], scalars: [1, 0, 0, -1])
        #expect(x.conv2d(w).scalars == [-4, -4, -4, -4])
        // Padding 1, stride 2: output (i, j) = P[2i][2j] − P[2i+1][2j+1] on the zero-padded 5x5 P.
        let padded = x.conv2d(w, stride: 2, padding: 1)
        #expect(padded.shape == [1, 1, 2, 2])
        #expect(padded.scalars == [-1, -3, -7, -4] as [Float])
    }

    @Test(arguments: [(1, 1), (2, 1), (1, 0), (2, 0)])
    func convolutionMatchesDirectSum(stride: Int, padding: Int) {
        let (height, width) = (7, 6)
        let x = randomTensor([2, 3, height, width], seed: 1), w = randomTensor([4, 3, 3, 3], seed: 2)
        let y = x.conv2d(w, stride: stride, padding: padding)
        let outputHeight = (height + 2 * padding - 3) / stride + 1, outputWidth = (width + 2 * padding - 3) / stride + 1
        let xs = x.scalars, ws = w.scalars
        var expected: [Float] = []
        for n in 0..<2 { for o in 0..<4 { for i in 0..<outputHeight { for j in 0..<outputWidth {
            var total: Float = 0
            for c in 0..<3 { for ki in 0..<3 { for kj in 0..<3 {
                let row = i * stride - padding + ki, column = j * stride - padding + kj
                guard (0..<height).contains(row), (0..<width).contains(column) else { continue }
                total += xs[((n * 3 + c) * height + row) * width + column] * ws[((o * 3 + c) * 3 + ki) * 3 + kj]
            } } }
            expected.append(total)
        } } } }
        #expect(y.shape == [2, 4, outputHeight, outputWidth])
        #expect(maxAbsDifference(y.scalars, expected) < 1e-4)
    }

    @Test func convolutionGradientsAreAdjointsOnLargeBatches() {
        // Big enough to be cut into several chunks: ⟨conv(x, w), g⟩ = ⟨x, convᵀ(g, w)⟩ = ⟨w, g ⋆ x⟩.
        let x = randomTensor([40, 16, 14, 14], seed: 3).variable(), w = randomTensor([8, 16, 3, 3], seed: 4).variable()
        let g = randomTensor([40, 8, 14, 14], seed: 5)
        let y = x.conv2d(w, padding: 1)
        let grads = gradients(of: (y * g).sum(), wrt: [x, w])
        let value = Double((y * g).sum().scalar)
        let viaInput = Double((x * grads[0]).sum().scalar), viaWeight = Double((w * grads[1]).sum().scalar)
        #expect(abs(value - viaInput) < 1e-3 * abs(value) + 1e-2)
        #expect(abs(value - viaWeight) < 1e-3 * abs(value) + 1e-2)
    }

    /// Large enough that the kernel gradient sums several chunks per group; 8 outputs run the
    /// im2col convolution, 16 the Winograd one.
    @Test(arguments: [8, 16])
    func convolutionBlockIsTheSameOnAnyNumberOfThreads(outputs: Int) {
        let x = randomTensor([40, 32, 14, 14], seed: 6).variable(), w = randomTensor([outputs, 32, 3, 3], seed: 7).variable()
        let scale = randomTensor([outputs], seed: 9).variable(), shift = randomTensor([outputs], seed: 10).variable()
        let g = randomTensor([40, outputs, 7, 7], seed: 8)
        func pass() -> [Tensor] {
            let y = x.conv2d(w, padding: 1).batchNormalizedMaxPool(scale: scale, shift: shift).output.relu()
            return [y] + gradients(of: (y * g).sum(), wrt: [x, w, scale, shift])
        }
        let serial = pass()
        for threads in [2, 3] {
            let parallel = IntraOperationParallelism.withThreads(threads) { pass() }
            for (a, b) in zip(serial, parallel) { #expect(a.isIdentical(to: b)) }
        }
    }

    /// Convolutions must give the values and both gradients of plain loops over the definition:
    /// im2col with one product per image (large planes; kernels 3 and 5) and Winograd (3×3 with
    /// many channels on both sides; odd and even sizes, so tiles overhang the image).
    @Test(arguments: [(3, 40, 5, 12, 13), (5, 40, 5, 12, 13), (3, 17, 19, 7, 8), (3, 16, 24, 9, 11), (3, 64, 64, 14, 14)])
    func convolutionsMatchTheDefinition(kernel: Int, channels: Int, outputs: Int, height: Int, width: Int) {
        let (images, padding) = (2, kernel / 2)
        let x = randomTensor([images, channels, height, width], seed: 21).variable()
        let w = randomTensor([outputs, channels, kernel, kernel], seed: 22).variable()
        let g = randomTensor([images, outputs, height, width], seed: 23)
        let y = x.conv2d(w, padding: padding)
        let grads = gradients(of: (y * g).sum(), wrt: [x, w])
        let xs = x.scalars, ws = w.scalars, gs = g.scalars
        var expected = [Float](repeating: 0, count: y.count), dx = [Float](repeating: 0, count: x.count)
        var dw = [Float](repeating: 0, count: w.count)
        for n in 0..<images { for o in 0..<outputs { for row in 0..<height { for column in 0..<width {
            let out = ((n * outputs + o) * height + row) * width + column
            for c in 0..<channels { for ki in 0..<kernel { for kj in 0..<kernel {
                let sourceRow = row + ki - padding, sourceColumn = column + kj - padding
                guard (0..<height).contains(sourceRow) && (0..<width).contains(sourceColumn) else { continue }
                let source = ((n * channels + c) * height + sourceRow) * width + sourceColumn
                let tap = ((o * channels + c) * kernel + ki) * kernel + kj
                expected[out] += xs[source] * ws[tap]
                dx[source] += gs[out] * ws[tap]
                dw[tap] += gs[out] * xs[source]
            }}}
        }}}}
        // Sums of hundreds of products: Float32 rounding relative to the largest entry.
        for (actual, reference) in [(y, expected), (grads[0], dx), (grads[1], dw)] {
            #expect(maxAbsDifference(actual.scalars, reference) <= 1e-5 * (reference.map(abs).max() ?? 0))
        }
    }

    /// The fused first-layer block sums its kernel gradient over images in fixed groups.
    @Test func fusedConvolutionBlockIsTheSameOnAnyNumberOfThreads() {
        let x = randomTensor([40, 1, 28, 28], seed: 11), w = randomTensor([8, 1, 3, 3], seed: 12).variable()
        let scale = randomTensor([8], seed: 13).variable(), shift = randomTensor([8], seed: 14).variable()
        let g = randomTensor([40, 8, 14, 14], seed: 15)
        func pass() -> [Tensor] {
            let y = x.conv2dBatchNormalizedMaxPool(w, padding: 1, scale: scale, shift: shift).output
            return [y] + gradients(of: (y * g).sum(), wrt: [w, scale, shift])
        }
        let serial = pass()
        for threads in [2, 3] {
            let parallel = IntraOperationParallelism.withThreads(threads) { pass() }
            for (a, b) in zip(serial, parallel) { #expect(a.isIdentical(to: b)) }
        }
    }

    @Test func pooling() {
        let x = Tensor(shape: [1, 1, 3, 4], scalars: [1, 5, 2, 0, 3, 4, 8, 1, 9, 9, 9, 9])
        #expect(x.maxPool2d().scalars == [5, 8])
        #expect(x.averagePool2d().scalars == [13.0 / 4, 11.0 / 4])
    }

    @Test func globalAveragePooling() {
        let x = Tensor(shape: [2, 2, 1, 3], scalars: [1, 2, 3, -3, 0, 6, 4, 4, 4, 0.5, 0.25, 0.25])
        let pooled = x.globalAveragePooled()
        #expect(pooled.shape == [2, 2])
        #expect(pooled.scalars == [2, 1, 4, 1.0 / 3])
    }

    /// 19 elements: one sixteen-wide vector and a scalar tail; NaN stays NaN.
    @Test func leakyReLU() {
        let values: [Float] = (0..<19).map { Float($0 - 9) * 0.5 }
        let y = Tensor(shape: [19], scalars: values).leakyReLU(negativeSlope: 0.1)
        #expect(y.scalars == values.map { $0 > 0 ? $0 : $0 * 0.1 })
        #expect(Tensor(shape: [1], scalars: [.nan]).leakyReLU(negativeSlope: 0.1).scalar.isNaN)
    }

    /// A 1×1 convolution is a per-pixel matrix product over channels.
    @Test func pointwiseConvolutionByHand() {
        let x = Tensor(shape: [1, 2, 1, 2], scalars: [1, 2, 3, 4])
        let w = Tensor(shape: [3, 2, 1, 1], scalars: [1, 0, 0, 1, 2, -1])
        #expect(x.conv2d(w).scalars == [1, 2, 3, 4, -1, 0])
    }

    /// Rows of 34, 14 and 9 take the eight-, four- and (partly overlapping) four-windows-at-a-time
    /// paths, rows of 7 the scalar one; small integer values make ties common. Values and picked
    /// positions must match a plain scan that keeps the first maximum.
    @Test(arguments: [34, 14, 9, 7])
    func maxPoolingMatchesAPlainScan(width: Int) {
        var generator = SeededGenerator(seed: 31)
        let (planes, height) = (3, 5)
        let x = Tensor(shape: [1, planes, height, width],
                       scalars: (0..<(planes * height * width)).map { _ in Float(generator.next() % 4) })
        var expected: [Float] = [], expectedGradient = [Float](repeating: 0, count: x.count)
        let xs = x.scalars
        for plane in 0..<planes {
            for y in 0..<(height / 2) {
                for column in 0..<(width / 2) {
                    var best = plane * height * width + 2 * y * width + 2 * column
                    for (dy, dx) in [(0, 1), (1, 0), (1, 1)] {
                        let candidate = plane * height * width + (2 * y + dy) * width + 2 * column + dx
                        if xs[candidate] > xs[best] { best = candidate }
                    }
                    expected.append(xs[best])
                    expectedGradient[best] = Float(expected.count)
                }
            }
        }
        let variable = x.variable()
        let pooled = variable.maxPool2d()
        #expect(pooled.scalars == expected)
        let weights = Tensor(shape: pooled.shape, scalars: (1...expected.count).map { Float($0) })
        #expect(gradients(of: (pooled * weights).sum(), wrt: [variable])[0].scalars == expectedGradient)
    }

    @Test func crossEntropyAndAccuracy() {
        let logits = Tensor(shape: [2, 3], scalars: [1, 2, 3, 0, 0, 0])
        let expected = (-(3 - Foundation.log(Foundation.exp(1.0) + Foundation.exp(2.0) + Foundation.exp(3.0)))
                        + Foundation.log(3.0)) / 2
        #expect(abs(Double(logits.crossEntropy(labels: [2, 1]).scalar) - expected) < 1e-6)
        #expect(logits.accuracy(labels: [2, 1]) == 0.5)   // row 2 ties: first index wins
        let large = Tensor(shape: [1, 2], scalars: [1000, 0])
        #expect(large.logSoftmax().scalars[0] == 0)       // stable: no overflow
    }

    /// Label smoothing ε = 0.3 over 3 classes: targets 0.1, 0.1, 0.8 for label 2, so the loss is
    /// −Σ targetᵢ·log softmaxᵢ; at ε = 0 it is the plain cross-entropy.
    @Test func crossEntropyWithLabelSmoothing() {
        let logits = Tensor(shape: [1, 3], scalars: [1, 2, 3])
        let normalizer = Foundation.log(Foundation.exp(1.0) + Foundation.exp(2.0) + Foundation.exp(3.0))
        let expected = -(0.1 * (1 - normalizer) + 0.1 * (2 - normalizer) + 0.8 * (3 - normalizer))
        #expect(abs(Double(logits.crossEntropy(labels: [2], smoothing: 0.3).scalar) - expected) < 1e-6)
        #expect(logits.crossEntropy(labels: [2], smoothing: 0).scalar == logits.crossEntropy(labels: [2]).scalar)
    }

    @Test func squaredDistances() {
        let a = Tensor(shape: [2, 2], scalars: [0, 0, 1, 2])
        let b = Tensor(shape: [3, 2], scalars: [0, 0, 3, 4, 1, 0])
        #expect(a.squaredDistances(to: b).scalars == [0, 25, 1, 5, 8, 4])
    }

    @Test func batchNormalization() {
        let x = Tensor(shape: [2, 1, 1, 2], scalars: [1, 3, 5, 7])
        let (y, statistics) = x.batchNormalized(scale: Tensor(shape: [1], scalars: [2]),
                                                shift: Tensor(shape: [1], scalars: [1]), epsilon: 0)
        let s = Float(5).squareRoot()   // variance of 1,3,5,7 is 5
        #expect(maxAbsDifference(y.scalars, [-3 / s * 2 + 1, -1 / s * 2 + 1, 1 / s * 2 + 1, 3 / s * 2 + 1]) < 1e-6)
        #expect(statistics.mean.scalars == [4])
        #expect(statistics.variance.scalars == [5])
    }

    @Test func layoutMoves() {
        let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(x.transposed().scalars == [1, 4, 2, 5, 3, 6])
        #expect(x.slice(1..<3, alongAxis: 1).scalars == [2, 3, 5, 6])
        #expect(Tensor.concatenate([x, x], alongAxis: 1).scalars == [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6])
        #expect(x.gatheringRows([1, 1, 0]).scalars == [4, 5, 6, 4, 5, 6, 1, 2, 3])
        #expect(x.scatteringRows([1, 1], rows: 3).scalars == [0, 0, 0, 5, 7, 9, 0, 0, 0])
    }
}
