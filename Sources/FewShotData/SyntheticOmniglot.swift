import Dispatch
import Foundation
import PosixFiles
import SeededRandom

/// The embedded default data set: procedural glyph alphabets written as an Omniglot-style tree,
/// `ROOT/alphabetNN/characterNN/NNNN_DD.png`, 105x105 8-bit gray, black strokes on white.
///
/// Each alphabet has a style (a small set of stroke shapes, how curved and how thick they are,
/// how many strokes a character has); each character combines a few of its alphabet's strokes;
/// each drawer redraws the character with jittered stroke points, thickness and a small affine
/// distortion. Every pixel is a pure function of (seed, alphabet, character, drawer), so the
/// same arguments write byte-identical files on any machine and core count.
public enum SyntheticOmniglot {
    /// Why the tree could not be written.
    public enum Failure: Error, CustomStringConvertible, Sendable, Equatable {
        case invalidArgument(String)
        case cannotWrite(path: String, reason: String)

        public var description: String {
            switch self {
            case .invalidArgument(let message): return "synthetic data set: \(message)"
            case .cannotWrite(let path, let reason): return "\(path): cannot write: \(reason)"
            }
        }
    }

    /// What `write` produced.
    public struct Summary: Sendable, Hashable {
        public let root: String
        public let alphabets: Int, characters: Int, drawers: Int
        public var images: Int { alphabets * characters * drawers }
    }

    /// Side of every image in pixels (Omniglot's).
    public static let imageSize = 105

    /// Writes the tree under `root` (created if needed; files of the same names are replaced,
    /// each atomically). Defaults: 10 alphabets x 20 characters x 20 drawers. Throws `Failure`.
    @discardableResult
    public static func write(
        to root: String, alphabets: Int = 10, characters: Int = 20, drawers: Int = 20,
        seed: UInt64 = 1
    ) throws(Failure) -> Summary {
        for (name, value, limit) in [
            ("alphabets", alphabets, 999), ("characters", characters, 999), ("drawers", drawers, 99),
        ]
        where !(1...limit).contains(value) {
            throw .invalidArgument("\(name) must be in 1...\(limit), got \(value)")
        }
        let jobs = alphabets * characters
        let failures = FailureBox()
        for a in 0..<alphabets {
            for c in 0..<characters {
                let folder = "\(root)/\(alphabetName(a))/character\(twoDigits(c + 1))"
                do { try FileIO.makeDirectory(folder) } catch { throw .cannotWrite(path: folder, reason: error.reason) }
            }
        }
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            let a = job / characters
            let c = job % characters
            let folder = "\(root)/\(alphabetName(a))/character\(twoDigits(c + 1))"
            let character = glyph(seed: seed, alphabet: a, character: c)
            for d in 0..<drawers {
                let image = render(character, seed: seed, alphabet: a, character: c, drawer: d)
                let path = "\(folder)/\(fourDigits(job + 1))_\(twoDigits(d + 1)).png"
                do { try PNGFormat.write(image, toFile: path) } catch {
                    failures.record(job, path: path, reason: "\(error)")
                }
            }
        }
        if let first = failures.first { throw .cannotWrite(path: first.path, reason: first.reason) }
        return Summary(root: root, alphabets: alphabets, characters: characters, drawers: drawers)
    }

    /// One drawer's rendering of a character, without writing it.
    public static func image(seed: UInt64, alphabet: Int, character: Int, drawer: Int) -> RasterImage {
        render(
            glyph(seed: seed, alphabet: alphabet, character: character), seed: seed,
            alphabet: alphabet, character: character, drawer: drawer)
    }

    static func alphabetName(_ a: Int) -> String { "alphabet\(twoDigits(a + 1))" }
    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    private static func fourDigits(_ n: Int) -> String {
        String(repeating: "0", count: max(0, 4 - String(n).count)) + String(n)
    }

    // MARK: - Glyph model

    struct Point { var x: Double, y: Double }

    /// A stroke: a cubic Bézier in unit coordinates and a relative thickness.
    struct Stroke {
        var points: [Point]
        var thickness: Double
    }

    struct Style {
        var shapes: [[Point]]  // stroke shapes centred on the origin
        var strokeCounts: ClosedRange<Int>
        var thickness: Double  // in pixels at 105x105
        var angles: [Double]  // allowed stroke orientations
    }

    static func style(seed: UInt64, alphabet: Int) -> Style {
        var g = SeededGenerator(seed: seed, stream: [0x5359_4E54, UInt64(alphabet)])  // "SYNT"
        let curvature = 0.1 + 0.8 * g.nextUnitDouble()
        var shapes: [[Point]] = []
        for _ in 0..<(4 + g.nextInt(below: 4)) {
            let length = 0.25 + 0.35 * g.nextUnitDouble()
            let bend1 = (g.nextUnitDouble() * 2 - 1) * curvature * length
            let bend2 = g.nextInt(below: 3) == 0 ? -bend1 : (g.nextUnitDouble() * 2 - 1) * curvature * length
            shapes.append([
                Point(x: -length / 2, y: 0), Point(x: -length / 6, y: bend1),
                Point(x: length / 6, y: bend2), Point(x: length / 2, y: 0),
            ])
        }
        let fewest = 2 + g.nextInt(below: 2)
        let step = [45.0, 30.0, 90.0, 60.0][g.nextInt(below: 4)]
        return Style(
            shapes: shapes, strokeCounts: fewest...(fewest + 1 + g.nextInt(below: 2)),
            thickness: 2.2 + 1.6 * g.nextUnitDouble(),
            angles: Array(stride(from: 0.0, to: 180.0, by: step)))
    }

    static func glyph(seed: UInt64, alphabet: Int, character: Int) -> [Stroke] {
        let s = style(seed: seed, alphabet: alphabet)
        var g = SeededGenerator(seed: seed, stream: [0x5359_4E54, UInt64(alphabet), UInt64(character)])
        let count = s.strokeCounts.lowerBound + g.nextInt(below: s.strokeCounts.count)
        var strokes: [Stroke] = []
        var previousEnd: Point?
        for _ in 0..<count {
            let shape = s.shapes[g.nextInt(below: s.shapes.count)]
            let angle = s.angles[g.nextInt(below: s.angles.count)] * .pi / 180
            let scale = 0.75 + 0.6 * g.nextUnitDouble()
            var centre = Point(x: 0.25 + 0.5 * g.nextUnitDouble(), y: 0.25 + 0.5 * g.nextUnitDouble())
            if let end = previousEnd, g.nextInt(below: 2) == 0 { centre = end }  // strokes often touch
            let (ca, sa) = (cos(angle), sin(angle))
            let points = shape.map { p in
                Point(x: centre.x + scale * (ca * p.x - sa * p.y), y: centre.y + scale * (sa * p.x + ca * p.y))
            }
            previousEnd = points[3]
            strokes.append(Stroke(points: points, thickness: 0.8 + 0.4 * g.nextUnitDouble()))
        }
        // Centre the glyph and fit it in the middle 70% of the square, as Omniglot's characters are.
        let all = strokes.flatMap(\.points)
        let minX = all.map(\.x).min()!
        let maxX = all.map(\.x).max()!
        let minY = all.map(\.y).min()!
        let maxY = all.map(\.y).max()!
        let fit = min(1, 0.7 / max(maxX - minX, maxY - minY, 1e-9))
        let (cx, cy) = ((minX + maxX) / 2, (minY + maxY) / 2)
        return strokes.map { stroke in
            Stroke(
                points: stroke.points.map { Point(x: 0.5 + fit * ($0.x - cx), y: 0.5 + fit * ($0.y - cy)) },
                thickness: stroke.thickness)
        }
    }

    // MARK: - Rendering

    /// How much one drawer's rendering varies (standard deviations, unit square = 1). Tuned so
    /// that pixel-space nearest neighbour scores about as on real Omniglot (see datasets/README.md).
    enum Jitter {
        static let point = 0.035
        static let rotationDegrees = 8.0
        static let scale = 0.09
        static let shear = 0.1
        static let shift = 0.045
    }

    static func render(_ strokes: [Stroke], seed: UInt64, alphabet: Int, character: Int, drawer: Int) -> RasterImage {
        let s = style(seed: seed, alphabet: alphabet)
        var g = SeededGenerator(
            seed: seed, stream: [0x5359_4E54, UInt64(alphabet), UInt64(character), UInt64(drawer) + 1_000_000])
        // A drawer's affine distortion around the centre, and stroke-point jitter.
        let rotation = g.nextNormal() * Jitter.rotationDegrees * .pi / 180
        let scale = 1 + g.nextNormal() * Jitter.scale
        let shear = g.nextNormal() * Jitter.shear
        let shift = Point(x: g.nextNormal() * Jitter.shift, y: g.nextNormal() * Jitter.shift)
        let thicknessFactor = 0.75 + 0.55 * g.nextUnitDouble()
        let (cr, sr) = (cos(rotation), sin(rotation))
        let n = imageSize
        var distance = [Double](repeating: .infinity, count: n * n)
        var halfWidths = [Double](repeating: 0, count: n * n)
        for stroke in strokes {
            let points = stroke.points.map { p -> Point in
                let jittered = Point(
                    x: p.x + g.nextNormal() * Jitter.point - 0.5, y: p.y + g.nextNormal() * Jitter.point - 0.5)
                let sheared = Point(x: jittered.x + shear * jittered.y, y: jittered.y)
                let turned = Point(x: cr * sheared.x - sr * sheared.y, y: sr * sheared.x + cr * sheared.y)
                // Unit square to pixels, keeping a margin like Omniglot's.
                return Point(
                    x: (0.5 + scale * turned.x + shift.x) * Double(n - 20) + 10,
                    y: (0.5 + scale * turned.y + shift.y) * Double(n - 20) + 10)
            }
            let halfWidth = s.thickness * stroke.thickness * thicknessFactor / 2
            var previous = points[0]
            let segments = 16
            for k in 1...segments {
                let t = Double(k) / Double(segments)
                let u = 1 - t
                let current = Point(
                    x: u * u * u * points[0].x + 3 * u * u * t * points[1].x + 3 * u * t * t * points[2].x + t * t * t
                        * points[3].x,
                    y: u * u * u * points[0].y + 3 * u * u * t * points[1].y + 3 * u * t * t * points[2].y + t * t * t
                        * points[3].y)
                drawSegment(
                    previous, current, halfWidth: halfWidth, size: n, distance: &distance, halfWidths: &halfWidths)
                previous = current
            }
        }
        var pixels = [UInt8](repeating: 255, count: n * n)
        for i in 0..<(n * n) where distance[i].isFinite {
            // Coverage of a pixel by a stroke edge, linear over one pixel: antialiased ink.
            let ink = min(max(halfWidths[i] + 0.5 - distance[i], 0), 1)
            pixels[i] = UInt8((255 * (1 - ink)).rounded())
        }
        return RasterImage(width: n, height: n, format: .gray, pixels: pixels)
    }

    /// Lowers each nearby pixel's distance-to-ink (relative to its stroke's half width).
    private static func drawSegment(
        _ a: Point, _ b: Point, halfWidth: Double, size: Int,
        distance: inout [Double], halfWidths: inout [Double]
    ) {
        let reach = halfWidth + 1
        let x0 = max(0, Int((min(a.x, b.x) - reach).rounded(.down)))
        let x1 = min(size - 1, Int((max(a.x, b.x) + reach).rounded(.up)))
        let y0 = max(0, Int((min(a.y, b.y) - reach).rounded(.down)))
        let y1 = min(size - 1, Int((max(a.y, b.y) + reach).rounded(.up)))
        guard x0 <= x1, y0 <= y1 else { return }
        let dx = b.x - a.x
        let dy = b.y - a.y
        let lengthSquared = max(dx * dx + dy * dy, 1e-12)
        for y in y0...y1 {
            for x in x0...x1 {
                let px = Double(x) + 0.5
                let py = Double(y) + 0.5
                let t = min(max(((px - a.x) * dx + (py - a.y) * dy) / lengthSquared, 0), 1)
                let ex = px - (a.x + t * dx)
                let ey = py - (a.y + t * dy)
                let d = (ex * ex + ey * ey).squareRoot()
                let i = y * size + x
                // Compare by how far outside the stroke edge the pixel is.
                if d - halfWidth < distance[i] - halfWidths[i] || !distance[i].isFinite {
                    distance[i] = d
                    halfWidths[i] = halfWidth
                }
            }
        }
    }
}

/// Collects write failures from parallel jobs; reports the one of the lowest job index.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [(job: Int, path: String, reason: String)] = []

    func record(_ job: Int, path: String, reason: String) {
        lock.lock()
        failures.append((job, path, reason))
        lock.unlock()
    }

    var first: (path: String, reason: String)? {
        lock.lock()
        defer { lock.unlock() }
        return failures.min { $0.job < $1.job }.map { ($0.path, $0.reason) }
    }
}
