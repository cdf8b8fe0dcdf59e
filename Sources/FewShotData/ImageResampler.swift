internal import CResample
import Foundation

/// Separable resampling of 8-bit interleaved images to planar Float32 in [0, 1].
struct ImageResampler {
    /// For each output coordinate, the first source index and the normalised weights.
    struct Axis {
        var starts: [Int] = []
        var counts: [Int] = []
        var weights: [Float] = []  // `taps` per output coordinate, zero-padded
        var taps = 0

        /// Weights that resize the source pixels `offset ..< offset + length` (in source pixel
        /// units; the whole axis for squashing) to `destination` pixels.
        init(source: Int, offset: Double = 0, length: Double, destination: Int, filter: ResizeFilter) {
            let scale = length / Double(destination)
            let kernel: (Double) -> Double
            let radius: Double
            switch filter {
            case .area where scale >= 1:
                // Box of width `scale` in source units, integrated exactly over each source pixel.
                radius = scale / 2 + 0.5
                kernel = { _ in 0 }  // unused: exact overlaps below
            case .area:
                radius = 1
                kernel = { x in max(0, 1 - abs(x)) }
            case .lanczos3:
                let support = 3.0
                let stretch = max(scale, 1)
                radius = support * stretch
                kernel = { x in
                    let t = x / stretch
                    if t == 0 { return 1 }
                    if abs(t) >= support { return 0 }
                    let pt = Double.pi * t
                    return support * sin(pt) * sin(pt / support) / (pt * pt)
                }
            }
            var perOutput: [[(Int, Double)]] = []
            for o in 0..<destination {
                let center = offset + (Double(o) + 0.5) * scale
                var row: [(Int, Double)] = []
                if filter == .area && scale >= 1 {
                    let lower = offset + Double(o) * scale
                    let upper = lower + scale
                    for s in Int(lower.rounded(.down))..<min(source, Int(upper.rounded(.up))) {
                        let overlap = min(upper, Double(s + 1)) - max(lower, Double(s))
                        if overlap > 1e-12 { row.append((s, overlap)) }
                    }
                } else {
                    let first = Int((center - radius).rounded(.down))
                    let last = Int((center + radius).rounded(.up))
                    for s in first...last {
                        let w = kernel(Double(s) + 0.5 - center)
                        if w != 0 { row.append((min(max(s, 0), source - 1), w)) }  // clamp to the edge
                    }
                }
                // Merge clamped duplicates so each tap covers a contiguous run.
                var merged: [(Int, Double)] = []
                for (s, w) in row.sorted(by: { $0.0 < $1.0 }) {
                    if let last = merged.last, last.0 == s {
                        merged[merged.count - 1].1 += w
                    } else {
                        merged.append((s, w))
                    }
                }
                let total = merged.reduce(0) { $0 + $1.1 }
                perOutput.append(merged.map { ($0.0, $0.1 / total) })
            }
            taps = perOutput.map { row in row.isEmpty ? 1 : row[row.count - 1].0 - row[0].0 + 1 }.max() ?? 1
            for row in perOutput {
                let start = row.first?.0 ?? 0
                starts.append(start)
                counts.append(row.last.map { $0.0 - start + 1 } ?? 0)
                var dense = [Float](repeating: 0, count: taps)
                for (s, w) in row { dense[s - start] = Float(w) }
                weights += dense
            }
        }

        /// Calls `body` with the axis as the kernel reads it.
        func withKernelAxis<Result>(_ body: (cresample_axis) -> Result) -> Result {
            starts.withUnsafeBufferPointer { starts in
                counts.withUnsafeBufferPointer { counts in
                    weights.withUnsafeBufferPointer { weights in
                        body(
                            cresample_axis(
                                starts: starts.baseAddress, counts: counts.baseAddress, weights: weights.baseAddress,
                                taps: taps))
                    }
                }
            }
        }
    }

    let horizontal: Axis
    let vertical: Axis
    let sourceWidth: Int, sourceHeight: Int, size: Int

    /// A resampler of `sourceWidth` x `sourceHeight` images to `size` x `size`: the whole image
    /// (`.squash`) or its centred square of side `min(sourceWidth, sourceHeight)` (`.crop`).
    init(sourceWidth: Int, sourceHeight: Int, size: Int, filter: ResizeFilter, resize: ResizeMode = .squash) {
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        self.size = size
        switch resize {
        case .squash:
            horizontal = Axis(source: sourceWidth, length: Double(sourceWidth), destination: size, filter: filter)
            vertical = Axis(source: sourceHeight, length: Double(sourceHeight), destination: size, filter: filter)
        case .crop:
            let side = Double(min(sourceWidth, sourceHeight))
            horizontal = Axis(
                source: sourceWidth, offset: (Double(sourceWidth) - side) / 2, length: side,
                destination: size, filter: filter)
            vertical = Axis(
                source: sourceHeight, offset: (Double(sourceHeight) - side) / 2, length: side,
                destination: size, filter: filter)
        }
    }

    /// Resizes `image` into `output` (planar, `channels * size * size` floats) as values in
    /// [0, 1], inverted when `invert` is set, through the `CResample` kernel: each source row
    /// resized horizontally, then the rows summed vertically, every value the same chain of
    /// products and sums on every CPU. `scratch` is grown as needed and can be passed again.
    func resample(
        _ image: RasterImage, invert: Bool, into output: UnsafeMutableBufferPointer<Float>, scratch: inout [Float]
    ) {
        withKernel(image, invert: invert, outputCount: output.count, scratch: &scratch) {
            cresample($0, sourceWidth, sourceHeight, $1, $2, $3, size, $4, $5, output.baseAddress, $6, 1)
        }
    }

    /// `resample` into 8-bit samples: each value v in [0, 1] stored as `UInt8(v * 255 + 0.5)`, the
    /// nearest multiple of 1/255 (half up), in the same pass.
    func resample(
        _ image: RasterImage, invert: Bool, into output: UnsafeMutableBufferPointer<UInt8>, scratch: inout [Float]
    ) {
        withKernel(image, invert: invert, outputCount: output.count, scratch: &scratch) {
            cresample_bytes($0, sourceWidth, sourceHeight, $1, $2, $3, size, $4, $5, output.baseAddress, $6, 1)
        }
    }

    /// Calls `kernel` with what both kernels take: the pixels, the channel count, both axes, the
    /// scale and offset that map a byte to [0, 1] (inverted when asked) and `scratch`, grown to
    /// the size the kernel needs.
    private func withKernel(
        _ image: RasterImage, invert: Bool, outputCount: Int, scratch: inout [Float],
        _ kernel: (
            UnsafePointer<UInt8>?, Int, cresample_axis, cresample_axis, Float, Float, UnsafeMutablePointer<Float>?
        ) -> Void
    ) {
        let channels = image.format.channels
        precondition(
            image.width == sourceWidth && image.height == sourceHeight && outputCount == channels * size * size)
        let needed = cresample_scratch_floats(sourceWidth, sourceHeight, channels, horizontal.taps, size)
        if scratch.count < needed { scratch = [Float](repeating: 0, count: needed) }
        image.pixels.withUnsafeBufferPointer { pixels in
            scratch.withUnsafeMutableBufferPointer { scratch in
                horizontal.withKernelAxis { horizontal in
                    vertical.withKernelAxis { vertical in
                        kernel(
                            pixels.baseAddress, channels, horizontal, vertical, invert ? -1 / 255 : 1 / 255,
                            invert ? 1 : 0, scratch.baseAddress)
                    }
                }
            }
        }
    }
}
