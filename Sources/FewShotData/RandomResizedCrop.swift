import Foundation
import SeededRandom

/// A random crop of a square image resized back to its size with bilinear sampling, as
/// torchvision's `RandomResizedCrop` draws it: an area fraction from `scale`, an aspect ratio
/// (width / height) log-uniform in `ratio`, up to 10 tries to fit, else the largest centred crop
/// whose ratio is clamped into `ratio`.
public struct RandomResizedCrop: Sendable, Equatable {
    /// The fraction of the image's area the crop covers, in (0, 1].
    public var scale: ClosedRange<Double>
    /// The crop's width over its height, positive.
    public var ratio: ClosedRange<Double>

    /// A crop drawing its area fraction from `scale` (within (0, 1]) and its aspect ratio from
    /// `ratio` (positive).
    public init(scale: ClosedRange<Double>, ratio: ClosedRange<Double>) {
        precondition(scale.lowerBound > 0 && scale.upperBound <= 1, "scale must lie in (0, 1]")
        precondition(ratio.lowerBound > 0, "ratio must be positive")
        self.scale = scale
        self.ratio = ratio
    }

    /// A rectangle of pixels: rows `top ..< top + height`, columns `left ..< left + width`.
    public struct Region: Sendable, Equatable {
        public let top: Int, left: Int, height: Int, width: Int

        /// The rectangle at (`top`, `left`) of `height` rows and `width` columns.
        public init(top: Int, left: Int, height: Int, width: Int) {
            self.top = top
            self.left = left
            self.height = height
            self.width = width
        }
    }

    /// The crop drawn for a `size`×`size` image: inside the image, at least one pixel.
    public func region(size: Int, using generator: inout SeededGenerator) -> Region {
        let area = Double(size * size)
        let logRatio = log(ratio.lowerBound)...log(ratio.upperBound)
        for _ in 0..<10 {
            let target = area * generator.nextDouble(in: scale)
            let aspect = exp(generator.nextDouble(in: logRatio))
            let width = Int((target * aspect).squareRoot().rounded())
            let height = Int((target / aspect).squareRoot().rounded())
            if (1...size).contains(width) && (1...size).contains(height) {
                let top = generator.nextInt(below: size - height + 1)
                let left = generator.nextInt(below: size - width + 1)
                return Region(top: top, left: left, height: height, width: width)
            }
        }
        // The image is square: its own ratio is 1.
        var width = size
        var height = size
        if 1 < ratio.lowerBound {
            height = max(1, Int((Double(width) / ratio.lowerBound).rounded()))
        } else if 1 > ratio.upperBound {
            width = max(1, Int((Double(height) * ratio.upperBound).rounded()))
        }
        return Region(top: (size - height) / 2, left: (size - width) / 2, height: height, width: width)
    }

    /// Writes `region` of `source` (`channels` planes of `size`×`size`) resized to `size`×`size`
    /// into `destination` with bilinear sampling at pixel centres (half-pixel offsets, neighbours
    /// clamped to the region's edge): an output pixel whose centre falls on a source pixel's centre
    /// is that pixel exactly, so the full image gives the image back.
    public static func resample(
        _ source: UnsafePointer<Float>, region: Region, channels: Int, size: Int,
        into destination: UnsafeMutablePointer<Float>
    ) {
        precondition(
            region.top >= 0 && region.left >= 0 && region.height >= 1 && region.width >= 1
                && region.top + region.height <= size && region.left + region.width <= size, "region outside the image")
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 4 * size) { indices in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * size + region.height * size) { floats in
                let (columns0, columns1) = (indices.baseAddress!, indices.baseAddress! + size)
                let (rows0, rows1) = (indices.baseAddress! + 2 * size, indices.baseAddress! + 3 * size)
                let (columnWeights, rowWeights) = (floats.baseAddress!, floats.baseAddress! + size)
                // The region's rows resampled along x, each computed once for the output rows that read it.
                let across = floats.baseAddress! + 2 * size
                samplePositions(
                    count: size, start: region.left, extent: region.width, first: columns0, second: columns1,
                    weights: columnWeights)
                samplePositions(
                    count: size, start: 0, extent: region.height, first: rows0, second: rows1, weights: rowWeights)
                let plane = size * size
                for channel in 0..<channels {
                    let input = source + channel * plane + region.top * size
                    let output = destination + channel * plane
                    for y in 0..<region.height {
                        let row = input + y * size
                        let resampled = across + y * size
                        for x in 0..<size {
                            let (x0, x1, wx) = (columns0[x], columns1[x], columnWeights[x])
                            resampled[x] = row[x0] + (row[x1] - row[x0]) * wx
                        }
                    }
                    for y in 0..<size {
                        let upper = across + rows0[y] * size
                        let lower = across + rows1[y] * size
                        let wy = rowWeights[y]
                        let row = output + y * size
                        for x in 0..<size { row[x] = min(max(upper[x] + (lower[x] - upper[x]) * wy, 0), 1) }
                    }
                }
            }
        }
    }

    /// For `count` output positions over `extent` source pixels from `start`: the two source
    /// pixels each samples between and the weight of the second.
    private static func samplePositions(
        count: Int, start: Int, extent: Int, first: UnsafeMutablePointer<Int>,
        second: UnsafeMutablePointer<Int>, weights: UnsafeMutablePointer<Float>
    ) {
        let step = Double(extent) / Double(count)
        for position in 0..<count {
            let centre = max((Double(position) + 0.5) * step - 0.5, 0)
            let lower = min(Int(centre), extent - 1)
            first[position] = start + lower
            second[position] = start + min(lower + 1, extent - 1)
            weights[position] = lower == extent - 1 ? 0 : Float(centre - Double(lower))
        }
    }
}
