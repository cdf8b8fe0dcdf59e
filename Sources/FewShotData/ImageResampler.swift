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
    /// [0, 1], inverted when `invert` is set. Each source row is converted to floats once, an RGB
    /// pixel to one SIMD4 (the fourth lane unused), and resized horizontally for all channels in
    /// one sweep; every output value is the same sum, in the same order, as a channel-by-channel
    /// pass computes.
    func resample(_ image: RasterImage, invert: Bool, into output: UnsafeMutableBufferPointer<Float>) {
        let channels = image.format.channels
        let size = self.size
        let width = sourceWidth
        let height = sourceHeight
        precondition(image.width == width && image.height == height && output.count == channels * size * size)
        // Scratch: one source row as SIMD4s (RGB) or floats (gray), then the horizontally resized
        // planes (channels x height x size).
        let sourceRow = UnsafeMutablePointer<SIMD4<Float>>.allocate(capacity: channels == 3 ? width : 0)
        defer { sourceRow.deallocate() }
        let grayRow = UnsafeMutablePointer<Float>.allocate(capacity: channels == 3 ? 0 : width)
        defer { grayRow.deallocate() }
        let planeLength = height * size
        let planes = UnsafeMutablePointer<Float>.allocate(capacity: channels * planeLength)
        defer { planes.deallocate() }
        let hTaps = horizontal.taps
        let vTaps = vertical.taps
        image.pixels.withUnsafeBufferPointer { pixels in
            horizontal.weights.withUnsafeBufferPointer { hw in
                vertical.weights.withUnsafeBufferPointer { vw in
                    horizontal.starts.withUnsafeBufferPointer { hs in
                        horizontal.counts.withUnsafeBufferPointer { hc in
                            vertical.starts.withUnsafeBufferPointer { vs in
                                vertical.counts.withUnsafeBufferPointer { vc in
                                    let source = pixels.baseAddress!
                                    for y in 0..<height {
                                        let row = source + y * width * channels
                                        let out = planes + y * size
                                        if channels == 3 {
                                            for x in 0..<width {
                                                let pixel = row + 3 * x
                                                sourceRow[x] = SIMD4(
                                                    Float(pixel[0]), Float(pixel[1]), Float(pixel[2]), 0)
                                            }
                                            for x in 0..<size {
                                                let first = sourceRow + hs[x]
                                                let weights = hw.baseAddress! + x * hTaps
                                                var sum = SIMD4<Float>()
                                                for t in 0..<hc[x] { sum += weights[t] * first[t] }
                                                out[x] = sum[0]
                                                out[planeLength + x] = sum[1]
                                                out[2 * planeLength + x] = sum[2]
                                            }
                                        } else {
                                            for x in 0..<width { grayRow[x] = Float(row[x]) }
                                            for x in 0..<size {
                                                let first = grayRow + hs[x]
                                                let weights = hw.baseAddress! + x * hTaps
                                                var sum: Float = 0
                                                for t in 0..<hc[x] { sum += weights[t] * first[t] }
                                                out[x] = sum
                                            }
                                        }
                                    }
                                    let scale: Float = invert ? -1 / 255 : 1 / 255
                                    let offset: Float = invert ? 1 : 0
                                    for c in 0..<channels {
                                        let plane = planes + c * planeLength
                                        let destination = output.baseAddress! + c * size * size
                                        for y in 0..<size {
                                            let out = destination + y * size
                                            for x in 0..<size { out[x] = 0 }
                                            let weights = vw.baseAddress! + y * vTaps
                                            for t in 0..<vc[y] {
                                                let w = weights[t]
                                                let input = plane + (vs[y] + t) * size
                                                for x in 0..<size { out[x] += w * input[x] }
                                            }
                                            // Lanczos can overshoot: clamp to [0, 1] after scaling.
                                            for x in 0..<size { out[x] = min(max(out[x] * scale + offset, 0), 1) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
