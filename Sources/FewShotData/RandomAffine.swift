import Foundation
import SeededRandom

/// A small random affine transform about the image centre, for Omniglot-style strokes: a rotation
/// uniform in ±`degrees`, a horizontal shear uniform in ±`shear` degrees, a zoom uniform in
/// `scale` and a shift uniform in ±`translate` of the side along each axis (not rounded to whole
/// pixels). Output pixels are sampled bilinearly; source pixels outside the image count as `fill`
/// (0 is the background of inverted Omniglot, whose strokes are 1).
public struct RandomAffine: Sendable, Equatable {
    /// The largest rotation, in degrees, in [0, 180].
    public var degrees: Double
    /// The largest horizontal shear angle, in degrees, in [0, 90).
    public var shear: Double
    /// The zoom factors, positive (1...1: no zoom).
    public var scale: ClosedRange<Double>
    /// The largest shift as a fraction of the side, in [0, 1].
    public var translate: Double
    /// The value of pixels drawn from outside the image, in [0, 1].
    public var fill: Double

    /// An affine transform drawn within the given bounds (see the properties' ranges).
    public init(degrees: Double, shear: Double, scale: ClosedRange<Double>, translate: Double, fill: Double) {
        precondition(
            (0...180).contains(degrees) && (0..<90).contains(shear) && scale.lowerBound > 0
                && (0...1).contains(translate) && (0...1).contains(fill), "RandomAffine: bounds out of range")
        self.degrees = degrees
        self.shear = shear
        self.scale = scale
        self.translate = translate
        self.fill = fill
    }

    /// Where an output pixel reads from: source (x, y) = `matrix` × (x, y) + `offset`, in pixel
    /// coordinates (pixel centres at whole numbers).
    public struct InverseMap: Sendable {
        /// Row-major 2×2: (xx, xy, yx, yy).
        public let matrix: (Float, Float, Float, Float)
        public let offset: (Float, Float)

        /// The map from output to source pixel coordinates.
        public init(matrix: (Float, Float, Float, Float), offset: (Float, Float)) {
            self.matrix = matrix
            self.offset = offset
        }
    }

    /// The inverse of the transform drawn for a `size`×`size` image: rotation, shear, zoom and shift
    /// in that order from the generator, each drawn even when its bound is 0.
    public func draw(size: Int, using generator: inout SeededGenerator) -> InverseMap {
        let angle = generator.nextDouble(in: -degrees...degrees) * .pi / 180
        let shearAngle = generator.nextDouble(in: -shear...shear) * .pi / 180
        let zoom = generator.nextDouble(in: scale)
        let side = Double(size)
        let shift = (
            generator.nextDouble(in: -translate...translate) * side,
            generator.nextDouble(in: -translate...translate) * side
        )
        return Self.inverse(angle: angle, shear: shearAngle, zoom: zoom, shift: shift, size: size)
    }

    /// The inverse of: shear along x by `shear` radians, rotate by `angle` radians, zoom by `zoom`,
    /// all about the image centre, then shift by `shift` pixels. Zero angles, zoom 1 and no shift
    /// give the identity exactly.
    public static func inverse(angle: Double, shear: Double, zoom: Double, shift: (Double, Double), size: Int)
        -> InverseMap
    {
        // Forward, about the centre c: p' = c + shift + zoom · R(angle) · S(shear) · (p - c), with
        // S = [[1, tan], [0, 1]]. Inverse: p = c + S⁻¹ · R⁻¹ · (p' - c - shift) / zoom.
        let (cosine, sine, tangent) = (cos(angle), sin(angle), tan(shear))
        // R⁻¹ = [[cos, sin], [-sin, cos]], S⁻¹ = [[1, -tan], [0, 1]]; their product over zoom.
        let xx = (cosine + tangent * sine) / zoom
        let xy = (sine - tangent * cosine) / zoom
        let yx = -sine / zoom
        let yy = cosine / zoom
        let centre = Double(size - 1) / 2
        let (dx, dy) = (centre + shift.0, centre + shift.1)
        let offset = (centre - (xx * dx + xy * dy), centre - (yx * dx + yy * dy))
        return InverseMap(
            matrix: (Float(xx), Float(xy), Float(yx), Float(yy)), offset: (Float(offset.0), Float(offset.1)))
    }

    /// Writes `source` (`channels` planes of `size`×`size`) transformed by `map` into
    /// `destination`, sampling bilinearly with `fill` outside the image.
    public func transform(
        _ map: InverseMap, _ source: UnsafePointer<Float>, channels: Int, size: Int,
        into destination: UnsafeMutablePointer<Float>
    ) {
        let plane = size * size
        let fill = Float(self.fill)
        let last = Float(size - 1)
        let (xx, xy, yx, yy) = map.matrix
        for y in 0..<size {
            for x in 0..<size {
                let sx = xx * Float(x) + xy * Float(y) + map.offset.0
                let sy = yx * Float(x) + yy * Float(y) + map.offset.1
                let fx = sx.rounded(.down)
                let fy = sy.rounded(.down)
                let wx = sx - fx
                let wy = sy - fy
                let target = destination + y * size + x
                if fx >= 0 && fy >= 0 && fx < last && fy < last {
                    // All four neighbours inside: the common case, without a test per neighbour.
                    let corner = source + Int(fy) * size + Int(fx)
                    for channel in 0..<channels {
                        let p = corner + channel * plane
                        let top = p[0] + (p[1] - p[0]) * wx
                        let bottom = p[size] + (p[size + 1] - p[size]) * wx
                        target[channel * plane] = min(max(top + (bottom - top) * wy, 0), 1)
                    }
                } else if fx > -2 && fy > -2 && fx < Float(size) && fy < Float(size) {
                    let x0 = Int(fx)
                    let y0 = Int(fy)
                    let inside = 0..<size
                    let (left, right, up, down) = (
                        inside.contains(x0), inside.contains(x0 + 1), inside.contains(y0), inside.contains(y0 + 1)
                    )
                    for channel in 0..<channels {
                        let input = source + channel * plane
                        let v00 = up && left ? input[y0 * size + x0] : fill
                        let v01 = up && right ? input[y0 * size + x0 + 1] : fill
                        let v10 = down && left ? input[(y0 + 1) * size + x0] : fill
                        let v11 = down && right ? input[(y0 + 1) * size + x0 + 1] : fill
                        let top = v00 + (v01 - v00) * wx
                        let bottom = v10 + (v11 - v10) * wx
                        target[channel * plane] = min(max(top + (bottom - top) * wy, 0), 1)
                    }
                } else {
                    // Every neighbour outside (also keeps the Int conversion in range, NaN included).
                    for channel in 0..<channels { target[channel * plane] = fill }
                }
            }
        }
    }
}
