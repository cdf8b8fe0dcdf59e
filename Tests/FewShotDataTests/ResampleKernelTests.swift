import CResample
import SeededRandom
import Testing

/// The resize kernel against its definition, computed here one value at a time: the horizontal
/// sums over each output's own taps (not the zero-padded ones the kernel runs), then the vertical
/// sums, scaled, offset and clamped. Both of the kernel's paths must give exactly those bits, and
/// its 8-bit form those values rounded half up.
@Suite struct ResampleKernelTests {
    /// A random axis of `taps` taps: starts that keep every non-zero tap inside `source`, counts
    /// of 1 ... taps, weights of either sign (so values overshoot [0, 1] and get clamped).
    static func axis(source: Int, size: Int, taps: Int, using generator: inout SeededGenerator)
        -> (starts: [Int], counts: [Int], weights: [Float])
    {
        var starts: [Int] = []
        var counts: [Int] = []
        var weights: [Float] = []
        for _ in 0..<size {
            let count = 1 + generator.nextInt(below: min(taps, source))
            starts.append(generator.nextInt(below: source - count + 1))
            counts.append(count)
            for t in 0..<taps { weights.append(t < count ? Float(generator.nextDouble(in: -0.4..<1.2)) : 0) }
        }
        return (starts, counts, weights)
    }

    static func reference(
        _ pixels: [UInt8], width: Int, height: Int, channels: Int,
        horizontal h: (starts: [Int], counts: [Int], weights: [Float]), hTaps: Int,
        vertical v: (starts: [Int], counts: [Int], weights: [Float]), vTaps: Int,
        size: Int, scale: Float, offset: Float
    ) -> [Float] {
        var output = [Float](repeating: 0, count: channels * size * size)
        for c in 0..<channels {
            var rows = [Float](repeating: 0, count: height * size)
            for y in 0..<height {
                for x in 0..<size {
                    var sum: Float = 0
                    for t in 0..<h.counts[x] {
                        sum += h.weights[x * hTaps + t] * Float(pixels[(y * width + h.starts[x] + t) * channels + c])
                    }
                    rows[y * size + x] = sum
                }
            }
            for y in 0..<size {
                for x in 0..<size {
                    var sum: Float = 0
                    for t in 0..<v.counts[y] { sum += v.weights[y * vTaps + t] * rows[(v.starts[y] + t) * size + x] }
                    output[(c * size + y) * size + x] = min(max(sum * scale + offset, 0), 1)
                }
            }
        }
        return output
    }

    @Test(arguments: [(1, 5, 9, 7), (3, 5, 9, 7), (3, 113, 97, 84), (1, 105, 105, 28), (3, 6, 4, 11), (3, 40, 31, 13)])
    func bothPathsComputeTheDefinitionExactly(case shape: (channels: Int, width: Int, height: Int, size: Int)) {
        var generator = SeededGenerator(seed: UInt64(shape.width * 1000 + shape.size))
        let (channels, width, height, size) = shape
        let pixels = (0..<(width * height * channels)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        for (hTaps, vTaps) in [(1, 1), (2, 3), (3, 2), (4, 4), (6, 5)] {
            let h = Self.axis(source: width, size: size, taps: hTaps, using: &generator)
            let v = Self.axis(source: height, size: size, taps: vTaps, using: &generator)
            for (scale, offset): (Float, Float) in [(1 / 255, 0), (-1 / 255, 1)] {
                let expected = Self.reference(
                    pixels, width: width, height: height, channels: channels, horizontal: h, hTaps: hTaps,
                    vertical: v, vTaps: vTaps, size: size, scale: scale, offset: offset)
                // The 8-bit kernel stores each of those values rounded half up.
                let expectedBytes = expected.map { UInt8($0 * 255 + 0.5) }
                for wide: Int32 in [0, 1] {
                    var output = [Float](repeating: .nan, count: channels * size * size)
                    var bytes = [UInt8](repeating: 0xA5, count: channels * size * size)
                    var scratch = [Float](
                        repeating: .nan, count: cresample_scratch_floats(width, height, channels, hTaps, size))
                    h.starts.withUnsafeBufferPointer { hs in
                        h.counts.withUnsafeBufferPointer { hc in
                            h.weights.withUnsafeBufferPointer { hw in
                                v.starts.withUnsafeBufferPointer { vs in
                                    v.counts.withUnsafeBufferPointer { vc in
                                        v.weights.withUnsafeBufferPointer { vw in
                                            let horizontal = cresample_axis(
                                                starts: hs.baseAddress, counts: hc.baseAddress,
                                                weights: hw.baseAddress, taps: hTaps)
                                            let vertical = cresample_axis(
                                                starts: vs.baseAddress, counts: vc.baseAddress,
                                                weights: vw.baseAddress, taps: vTaps)
                                            cresample(
                                                pixels, width, height, channels, horizontal, vertical, size, scale,
                                                offset, &output, &scratch, wide)
                                            cresample_bytes(
                                                pixels, width, height, channels, horizontal, vertical, size, scale,
                                                offset, &bytes, &scratch, wide)
                                        }
                                    }
                                }
                            }
                        }
                    }
                    #expect(
                        output.map(\.bitPattern) == expected.map(\.bitPattern),
                        "\(shape), taps \(hTaps)x\(vTaps), scale \(scale), wide \(wide)")
                    #expect(
                        bytes == expectedBytes, "bytes: \(shape), taps \(hTaps)x\(vTaps), scale \(scale), wide \(wide)")
                }
            }
        }
    }
}
