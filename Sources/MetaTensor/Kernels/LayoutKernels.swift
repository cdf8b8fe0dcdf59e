/// Kernels that move scalars between layouts: permutation, slicing, concatenation, row gathers.
enum LayoutKernels {
    /// The tensor with its axes reordered: output axis i is input axis `axes[i]`.
    static func permute(_ input: Tensor, _ axes: [Int]) -> TensorStorage {
        let inputStrides = Shape.strides(input.shape)
        let shape = axes.map { input.shape[$0] }
        let output = TensorStorage(uninitializedCount: input.count)
        let loop = StridedLoop(shape: shape, stridesA: axes.map { inputStrides[$0] }, stridesB: Shape.strides(shape))
        let inner = loop.inner
        let source = input.storage.pointer
        let target = output.pointer
        loop.forEachRun { offsetIn, _, offsetOut in
            if inner.strideA == 1 {
                (target + offsetOut).update(from: source + offsetIn, count: inner.count)
            } else {
                for i in 0..<inner.count { target[offsetOut + i] = source[offsetIn + i * inner.strideA] }
            }
        }
        return output
    }

    /// Copies `block` rows of `length` scalars between buffers laid out as [outer, rows, inner]:
    /// the shared shape of slicing and concatenation along one axis.
    static func copyBlocks(
        outer: Int, length: Int,
        from source: UnsafePointer<Float>, sourceRowLength: Int, sourceOffset: Int,
        to target: UnsafeMutablePointer<Float>, targetRowLength: Int, targetOffset: Int
    ) {
        for block in 0..<outer {
            (target + block * targetRowLength + targetOffset)
                .update(from: source + block * sourceRowLength + sourceOffset, count: length)
        }
    }

    /// The rows of a [rows, width] buffer at `indices`.
    static func gatherRows(_ input: Tensor, _ indices: [Int], width: Int) -> TensorStorage {
        let output = TensorStorage(uninitializedCount: indices.count * width)
        for (row, index) in indices.enumerated() {
            (output.pointer + row * width).update(from: input.storage.pointer + index * width, count: width)
        }
        return output
    }

    /// A [rows, width] buffer of zeros with each input row added at its index.
    static func scatterAddRows(_ input: Tensor, _ indices: [Int], rows: Int, width: Int) -> TensorStorage {
        let output = TensorStorage(zeros: rows * width)
        for (row, index) in indices.enumerated() {
            let target = output.pointer + index * width
            let source = input.storage.pointer + row * width
            for i in 0..<width { target[i] += source[i] }
        }
        return output
    }
}
