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
        positions = BufferPool.shared.allocate(count * MemoryLayout<Int32>.stride).bindMemory(to: Int32.self, capacity: max(count, 1))
    }

    deinit {
        BufferPool.shared.release(UnsafeMutableRawPointer(positions), bytes: count * MemoryLayout<Int32>.stride)
    }
}

/// Max pooling over non-overlapping windows, recording where each maximum was.
enum PoolingKernels {
    /// Writes each window's maximum to `values` and its flat input position to `positions`
    /// (the first maximum in row-major order on ties).
    static func maxPool(_ input: UnsafePointer<Float>, _ g: PoolingGeometry,
                        values: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int32>) {
        select(input, g, values: values, positions: positions, isBetter: >, isBetterLanes: .>)
    }

    /// Writes each window's minimum and its position (the first minimum on ties).
    static func minPool(_ input: UnsafePointer<Float>, _ g: PoolingGeometry,
                        values: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int32>) {
        select(input, g, values: values, positions: positions, isBetter: <, isBetterLanes: .<)
    }

    /// Picks each window's first element (top-left), whatever the values.
    static func firstOfWindow(_ input: UnsafePointer<Float>, _ g: PoolingGeometry,
                              values: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int32>) {
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
    private static func select(_ input: UnsafePointer<Float>, _ g: PoolingGeometry,
                               values: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int32>,
                               isBetter: (Float, Float) -> Bool,
                               isBetterLanes: (SIMD8<Float>, SIMD8<Float>) -> SIMDMask<SIMD8<Int32>>) {
        let window = g.window, width = g.width, outputHeight = g.outputHeight, outputWidth = g.outputWidth
        // 2×2 windows of rows at least 16 wide run eight windows at a time; the last block of a
        // row overlaps the one before when the row does not divide by eight (recomputing a window
        // gives the same result).
        let lanes = window == 2 && outputWidth >= 8 ? 8 : 0
        var output = 0
        for plane in 0..<(g.batch * g.channels) {
            let base = plane * g.height * width
            for y in 0..<outputHeight {
                let rowStart = base + y * window * width
                if lanes > 0 {
                    var x = 0
                    while x < outputWidth {
                        let first = min(x, outputWidth - lanes)
                        selectEightWindows(input, corner: rowStart + 2 * first, width: width,
                                           values: values + output + first, positions: positions + output + first,
                                           isBetter: isBetterLanes)
                        x = first + lanes
                    }
                    output += outputWidth
                    continue
                }
                for x in 0..<outputWidth {
                    let corner = rowStart + x * window
                    var best = corner
                    var bestValue = input[corner]
                    if window == 2 {
                        // Selects rather than branches: which element wins is unpredictable.
                        @inline(__always) func consider(_ candidate: Int) {
                            let better = isBetter(input[candidate], bestValue)
                            best = better ? candidate : best
                            bestValue = better ? input[candidate] : bestValue
                        }
                        consider(corner + 1)
                        consider(corner + width)
                        consider(corner + width + 1)
                    } else {
                        for dy in 0..<window {
                            for dx in 0..<window where isBetter(input[corner + dy * width + dx], bestValue) {
                                best = corner + dy * width + dx
                                bestValue = input[best]
                            }
                        }
                    }
                    values[output] = bestValue
                    positions[output] = Int32(best)
                    output += 1
                }
            }
        }
    }

    /// Eight neighbouring 2×2 windows whose first top-left corner is `corner`: the same choice as
    /// the scalar scan (top-left, top-right, bottom-left, bottom-right; a later element wins only
    /// when strictly better), made lane by lane.
    @inline(__always)
    private static func selectEightWindows(_ input: UnsafePointer<Float>, corner: Int, width: Int,
                                           values: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int32>,
                                           isBetter: (SIMD8<Float>, SIMD8<Float>) -> SIMDMask<SIMD8<Int32>>) {
        let top = UnsafeRawPointer(input + corner).loadUnaligned(as: SIMD16<Float>.self)
        let bottom = UnsafeRawPointer(input + corner + width).loadUnaligned(as: SIMD16<Float>.self)
        var best = top.evenHalf
        var offset = SIMD8<Int32>(repeating: 0)
        @inline(__always) func consider(_ candidate: SIMD8<Float>, at candidateOffset: Int) {
            let better = isBetter(candidate, best)
            best.replace(with: candidate, where: better)
            offset.replace(with: Int32(candidateOffset), where: better)
        }
        consider(top.oddHalf, at: 1)
        consider(bottom.evenHalf, at: width)
        consider(bottom.oddHalf, at: width + 1)
        let corners = SIMD8<Int32>(repeating: Int32(corner)) &+ SIMD8<Int32>(0, 2, 4, 6, 8, 10, 12, 14)
        UnsafeMutableRawPointer(values).storeBytes(of: best, as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(positions).storeBytes(of: corners &+ offset, as: SIMD8<Int32>.self)
    }
}

extension PoolingKernels {
    /// Zeros of the input's shape with each pooled gradient at its recorded position. When the
    /// windows tile the input exactly, every input element is written once (no zero-fill pass).
    static func unpool(_ gradient: UnsafePointer<Float>, positions: UnsafePointer<Int32>, _ g: PoolingGeometry,
                       into input: UnsafeMutablePointer<Float>) {
        let window = g.window, width = g.width
        guard g.height % window == 0 && width % window == 0 else {
            input.update(repeating: 0, count: g.batch * g.channels * g.height * width)
            for i in 0..<(g.batch * g.channels * g.outputHeight * g.outputWidth) { input[Int(positions[i])] += gradient[i] }
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
