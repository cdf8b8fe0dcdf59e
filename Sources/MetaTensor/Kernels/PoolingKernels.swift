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

    /// Room for `count` positions, written once by the pooling kernel.
    init(count: Int) {
        self.count = count
        positions = UnsafeMutablePointer<Int32>.allocate(capacity: max(count, 1))
    }

    deinit {
        positions.deallocate()
    }
}

/// Max pooling over non-overlapping windows, recording where each maximum was.
enum PoolingKernels {
    /// Writes each window's maximum to `values` and its flat input position to `positions`
    /// (the first maximum in row-major order on ties).
    static func maxPool(_ input: UnsafePointer<Float>, _ g: PoolingGeometry,
                        values: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int32>) {
        select(input, g, values: values, positions: positions, isBetter: >)
    }

    /// Writes each window's minimum and its position (the first minimum on ties).
    static func minPool(_ input: UnsafePointer<Float>, _ g: PoolingGeometry,
                        values: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int32>) {
        select(input, g, values: values, positions: positions, isBetter: <)
    }

    /// Marks each window's first element as picked (its value is left for the caller).
    static func firstOfWindow(_ g: PoolingGeometry, values: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int32>) {
        var output = 0
        for plane in 0..<(g.batch * g.channels) {
            for y in 0..<g.outputHeight {
                for x in 0..<g.outputWidth {
                    positions[output] = Int32(plane * g.height * g.width + y * g.window * g.width + x * g.window)
                    values[output] = 0
                    output += 1
                }
            }
        }
    }

    @inline(__always)
    private static func select(_ input: UnsafePointer<Float>, _ g: PoolingGeometry,
                               values: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int32>,
                               isBetter: (Float, Float) -> Bool) {
        let window = g.window, width = g.width, outputHeight = g.outputHeight, outputWidth = g.outputWidth
        var output = 0
        for plane in 0..<(g.batch * g.channels) {
            let base = plane * g.height * width
            for y in 0..<outputHeight {
                let rowStart = base + y * window * width
                for x in 0..<outputWidth {
                    let corner = rowStart + x * window
                    var best = corner
                    var bestValue = input[corner]
                    if window == 2 {
                        // Selects rather than branches: which element wins is unpredictable.
                        let right = input[corner + 1], below = input[corner + width], diagonal = input[corner + width + 1]
                        best = isBetter(right, bestValue) ? corner + 1 : best
                        bestValue = isBetter(right, bestValue) ? right : bestValue
                        best = isBetter(below, bestValue) ? corner + width : best
                        bestValue = isBetter(below, bestValue) ? below : bestValue
                        best = isBetter(diagonal, bestValue) ? corner + width + 1 : best
                        bestValue = isBetter(diagonal, bestValue) ? diagonal : bestValue
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
