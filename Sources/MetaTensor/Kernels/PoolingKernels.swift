/// Non-overlapping k×k pooling windows of an NCHW batch (floor mode: a partial window at the
/// right or bottom edge is dropped, as in PyTorch's default).
struct PoolingGeometry: Equatable {
    let batch: Int, channels: Int, height: Int, width: Int, window: Int

    var outputHeight: Int { height / window }
    var outputWidth: Int { width / window }
    var inputShape: [Int] { [batch, channels, height, width] }
    var outputShape: [Int] { [batch, channels, outputHeight, outputWidth] }

    /// Calls `body(outputIndex, inputIndexOfWindowTopLeft)` for every output element in order.
    @inline(__always)
    func forEachWindow(_ body: (Int, Int) -> Void) {
        var output = 0
        for plane in 0..<(batch * channels) {
            let base = plane * height * width
            for y in 0..<outputHeight {
                for x in 0..<outputWidth {
                    body(output, base + y * window * width + x * window)
                    output += 1
                }
            }
        }
    }
}

/// The positions (flat input indices) that max-pooling selected: shared by the pooled values,
/// their gradient and that gradient's gradient.
final class PoolingIndices: @unchecked Sendable {
    let count: Int
    let positions: UnsafeMutablePointer<Int32>

    /// Room for `count` positions, written once by the pooling kernel (recycled through the
    /// `BufferPool`, like tensor storage).
    init(count: Int) {
        self.count = count
        positions = BufferPool.shared.allocate(count * MemoryLayout<Int32>.stride).bindMemory(
            to: Int32.self, capacity: max(count, 1))
    }

    deinit {
        BufferPool.shared.release(UnsafeMutableRawPointer(positions), bytes: count * MemoryLayout<Int32>.stride)
    }
}

/// Max pooling over non-overlapping windows, recording where each maximum was.
enum PoolingKernels {
    /// Writes each window's maximum to `values` and its flat input position to `positions`
    /// (the first maximum in row-major order on ties).
    static func maxPool(
        _ input: UnsafePointer<Float>, _ g: PoolingGeometry,
        values: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int32>
    ) {
        select(input, g, values: values, positions: positions, isBetter: >, isBetterLanes8: .>, isBetterLanes4: .>)
    }

    /// Writes each window's minimum and its position (the first minimum on ties).
    static func minPool(
        _ input: UnsafePointer<Float>, _ g: PoolingGeometry,
        values: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int32>
    ) {
        select(input, g, values: values, positions: positions, isBetter: <, isBetterLanes8: .<, isBetterLanes4: .<)
    }

    /// Picks each window's first element (top-left), whatever the values.
    static func firstOfWindow(
        _ input: UnsafePointer<Float>, _ g: PoolingGeometry,
        values: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int32>
    ) {
        var output = 0
        for plane in 0..<(g.batch * g.channels) {
            for y in 0..<g.outputHeight {
                for x in 0..<g.outputWidth {
                    let corner = plane * g.height * g.width + y * g.window * g.width + x * g.window
                    positions[output] = Int32(corner)
                    values[output] = input[corner]
                    output += 1
                }
            }
        }
    }

    @inline(__always)
    private static func select(
        _ input: UnsafePointer<Float>, _ g: PoolingGeometry,
        values: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int32>,
        isBetter: (Float, Float) -> Bool,
        isBetterLanes8: (SIMD8<Float>, SIMD8<Float>) -> SIMDMask<SIMD8<Int32>>,
        isBetterLanes4: (SIMD4<Float>, SIMD4<Float>) -> SIMDMask<SIMD4<Int32>>
    ) {
        let window = g.window
        let width = g.width
        let outputHeight = g.outputHeight
        let outputWidth = g.outputWidth
        // 2×2 windows run eight (rows of 16 or more) or four (rows of 8 or more) at a time; the
        // last block of a row overlaps the one before when the row does not divide evenly
        // (recomputing a window gives the same result).
        let lanes = window != 2 ? 0 : outputWidth >= 8 ? 8 : outputWidth >= 4 ? 4 : 0
        var output = 0
        for plane in 0..<(g.batch * g.channels) {
            let base = plane &* g.height &* width
            for y in 0..<outputHeight {
                let rowStart = base &+ y &* window &* width
                if lanes > 0 {
                    var x = 0
                    while x < outputWidth {
                        let first = min(x, outputWidth - lanes)
                        let corner = rowStart &+ 2 &* first
                        if lanes == 8 {
                            selectWindows(
                                SIMD16<Float>.self, input, corner: corner, width: width,
                                values: values + output + first,
                                positions: positions + output + first, isBetter: isBetterLanes8)
                        } else {
                            selectWindows(
                                SIMD8<Float>.self, input, corner: corner, width: width, values: values + output + first,
                                positions: positions + output + first, isBetter: isBetterLanes4)
                        }
                        x = first + lanes
                    }
                    output += outputWidth
                    continue
                }
                for x in 0..<outputWidth {
                    let corner = rowStart &+ x &* window
                    var best = corner
                    var bestValue = input[corner]
                    if window == 2 {
                        // Selects rather than branches: which element wins is unpredictable.
                        @inline(__always) func consider(_ candidate: Int) {
                            let better = isBetter(input[candidate], bestValue)
                            best = better ? candidate : best
                            bestValue = better ? input[candidate] : bestValue
                        }
                        consider(corner &+ 1)
                        consider(corner &+ width)
                        consider(corner &+ width &+ 1)
                    } else {
                        for dy in 0..<window {
                            for dx in 0..<window where isBetter(input[corner + dy * width + dx], bestValue) {
                                best = corner + dy * width + dx
                                bestValue = input[best]
                            }
                        }
                    }
                    values[output] = bestValue
                    positions[output] = Int32(truncatingIfNeeded: best)
                    output += 1
                }
            }
        }
    }

    /// Neighbouring 2×2 windows, as many as `Pair` holds pairs, whose first top-left corner is
    /// `corner`: the same choice as the scalar scan (top-left, top-right, bottom-left,
    /// bottom-right; a later element wins only when strictly better), made lane by lane.
    @inline(__always)
    private static func selectWindows<Pair: WindowPair>(
        _: Pair.Type, _ input: UnsafePointer<Float>, corner: Int, width: Int,
        values: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int32>,
        isBetter: (Pair.Half, Pair.Half) -> SIMDMask<Pair.Half.MaskStorage>
    ) {
        let top = UnsafeRawPointer(input + corner).loadUnaligned(as: Pair.self)
        let bottom = UnsafeRawPointer(input + corner + width).loadUnaligned(as: Pair.self)
        var best = top.evenHalf
        var offset = Pair.Half.MaskStorage(repeating: 0)
        @inline(__always) func consider(_ candidate: Pair.Half, at candidateOffset: Int) {
            let better = isBetter(candidate, best)
            best.replace(with: candidate, where: better)
            offset.replace(with: Int32(candidateOffset), where: better)
        }
        consider(top.oddHalf, at: 1)
        consider(bottom.evenHalf, at: width)
        consider(bottom.oddHalf, at: width + 1)
        var corners = Pair.Half.MaskStorage(repeating: Int32(truncatingIfNeeded: corner))
        for lane in corners.indices { corners[lane] &+= Int32(2 * lane) }
        UnsafeMutableRawPointer(values).storeBytes(of: best, as: Pair.Half.self)
        UnsafeMutableRawPointer(positions).storeBytes(of: corners &+ offset, as: Pair.Half.MaskStorage.self)
    }
}

/// A SIMD vector of floats read from an input row: its even and odd lanes are the left and right
/// elements of consecutive 2-wide windows.
protocol WindowPair: SIMD where Scalar == Float {
    associatedtype Half: SIMD
    where
        Half.Scalar == Float, Half.MaskStorage.Scalar == Int32,
        Half.MaskStorage.MaskStorage == Half.MaskStorage
    var evenHalf: Half { get }
    var oddHalf: Half { get }
}

extension SIMD16: WindowPair where Scalar == Float {}
extension SIMD8: WindowPair where Scalar == Float {}

extension PoolingKernels {
    /// Zeros of the input's shape with each pooled gradient at its recorded position. When the
    /// windows tile the input exactly, every input element is written once (no zero-fill pass).
    static func unpool(
        _ gradient: UnsafePointer<Float>, positions: UnsafePointer<Int32>, _ g: PoolingGeometry,
        into input: UnsafeMutablePointer<Float>
    ) {
        let window = g.window
        let width = g.width
        guard g.height % window == 0 && width % window == 0 else {
            input.update(repeating: 0, count: g.batch * g.channels * g.height * width)
            for i in 0..<(g.batch * g.channels * g.outputHeight * g.outputWidth) {
                input[Int(positions[i])] += gradient[i]
            }
            return
        }
        var output = 0
        for plane in 0..<(g.batch * g.channels) {
            let base = plane * g.height * width
            for y in 0..<g.outputHeight {
                for x in 0..<g.outputWidth {
                    let corner = base + y * window * width + x * window
                    for dy in 0..<window { for dx in 0..<window { input[corner + dy * width + dx] = 0 } }
                    input[Int(positions[output])] = gradient[output]
                    output += 1
                }
            }
        }
    }
}
