/// Kernels that move between a shape and its broadcast: summing down and expanding up.
enum ReductionKernels {
    /// Sums `input` down to `shape` (which broadcasts to the input's shape).
    static func sum(_ input: Tensor, to shape: [Int]) -> TensorStorage {
        let output = TensorStorage(zeros: shape.reduce(1, *))
        let loop = StridedLoop(
            shape: input.shape,
            stridesA: Shape.strides(input.shape),
            stridesB: Shape.broadcastStrides(shape, to: input.shape))
        let inner = loop.inner
        let source = input.storage.pointer
        let target = output.pointer
        loop.forEachRun { offsetIn, offsetOut, _ in
            if inner.strideB == 0 {
                target[offsetOut] += ElementwiseKernels.sum(source + offsetIn, inner.count)
            } else {
                for i in 0..<inner.count { target[offsetOut + i] += source[offsetIn + i] }
            }
        }
        return output
    }

    /// Copies `input` broadcast to `shape`.
    static func expand(_ input: Tensor, to shape: [Int]) -> TensorStorage {
        let output = TensorStorage(uninitializedCount: shape.reduce(1, *))
        let loop = StridedLoop(
            shape: shape,
            stridesA: Shape.broadcastStrides(input.shape, to: shape),
            stridesB: Shape.strides(shape))
        let inner = loop.inner
        let source = input.storage.pointer
        let target = output.pointer
        loop.forEachRun { offsetIn, _, offsetOut in
            if inner.strideA == 0 {
                (target + offsetOut).update(repeating: source[offsetIn], count: inner.count)
            } else {
                (target + offsetOut).update(from: source + offsetIn, count: inner.count)
            }
        }
        return output
    }
}
