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
    let indices: [Int32]

    init(_ indices: [Int32]) {
        self.indices = indices
    }
}
