import Foundation

/// The binary arithmetic operations the broadcasting kernel evaluates.
enum BinaryOperation {
    case add, subtract, multiply, divide
}

/// Elementwise kernels: broadcasting binary arithmetic and unary maps over contiguous buffers.
enum ElementwiseKernels {
    /// `a ⊙ b` with NumPy broadcasting into a new storage of `shape`.
    static func binary(_ operation: BinaryOperation, _ a: Tensor, _ b: Tensor, shape: [Int]) -> TensorStorage {
        let output = TensorStorage(uninitializedCount: shape.reduce(1, *))
        let pa = a.storage.pointer
        let pb = b.storage.pointer
        let po = output.pointer
        if a.shape == b.shape {
            forEachPiece(output.count) { range in
                run(operation, range.count, pa + range.lowerBound, 1, pb + range.lowerBound, 1, po + range.lowerBound)
            }
            return output
        }
        let loop = StridedLoop(
            shape: shape,
            stridesA: Shape.broadcastStrides(a.shape, to: shape),
            stridesB: Shape.broadcastStrides(b.shape, to: shape))
        let inner = loop.inner
        loop.forEachRun { offsetA, offsetB, offsetOut in
            run(operation, inner.count, pa + offsetA, inner.strideA, pb + offsetB, inner.strideB, po + offsetOut)
        }
        return output
    }

    private static func run(
        _ operation: BinaryOperation, _ count: Int,
        _ a: UnsafePointer<Float>, _ strideA: Int,
        _ b: UnsafePointer<Float>, _ strideB: Int,
        _ out: UnsafeMutablePointer<Float>
    ) {
        switch operation {
        case .add: apply(count, a, strideA, b, strideB, out) { $0 + $1 }
        case .subtract: apply(count, a, strideA, b, strideB, out) { $0 - $1 }
        case .multiply: apply(count, a, strideA, b, strideB, out) { $0 * $1 }
        case .divide: apply(count, a, strideA, b, strideB, out) { $0 / $1 }
        }
    }

    @inline(__always)
    private static func apply(
        _ count: Int, _ a: UnsafePointer<Float>, _ strideA: Int,
        _ b: UnsafePointer<Float>, _ strideB: Int,
        _ out: UnsafeMutablePointer<Float>, _ f: (Float, Float) -> Float
    ) {
        switch (strideA, strideB) {
        case (1, 1): for i in 0..<count { out[i] = f(a[i], b[i]) }
        case (1, _):
            let y = b[0]
            for i in 0..<count { out[i] = f(a[i], y) }
        case (_, 1):
            let x = a[0]
            for i in 0..<count { out[i] = f(x, b[i]) }
        default: out.update(repeating: f(a[0], b[0]), count: count)
        }
    }

    /// `f` applied to every scalar of `input`.
    @inline(__always)
    static func map(_ input: Tensor, _ f: (Float) -> Float) -> TensorStorage {
        let output = TensorStorage(uninitializedCount: input.count)
        let source = input.storage.pointer
        let target = output.pointer
        for i in 0..<input.count { target[i] = f(source[i]) }
        return output
    }

    /// `f(a[i], b[i])` for two tensors of the same shape.
    @inline(__always)
    static func zip(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> TensorStorage {
        let output = TensorStorage(uninitializedCount: a.count)
        let pa = a.storage.pointer
        let pb = b.storage.pointer
        let target = output.pointer
        for i in 0..<a.count { target[i] = f(pa[i], pb[i]) }
        return output
    }

    /// max(x, 0) for every scalar (NaN stays NaN, so a diverging run still shows).
    static func relu(_ input: Tensor) -> TensorStorage {
        let output = TensorStorage(uninitializedCount: input.count)
        let source = input.storage.pointer
        let target = output.pointer
        forEachPiece(input.count) { range in
            var i = range.lowerBound
            while i + 16 <= range.upperBound {
                let x = UnsafeRawPointer(source + i).loadUnaligned(as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(target + i).storeBytes(
                    of: x.replacing(with: 0, where: x .< 0), as: SIMD16<Float>.self)
                i += 16
            }
            for j in i..<range.upperBound { target[j] = source[j] < 0 ? 0 : source[j] }
        }
        return output
    }

    /// `values` where `mask` > 0, zero elsewhere (same shapes).
    static func masked(_ values: Tensor, wherePositive mask: Tensor) -> TensorStorage {
        let output = TensorStorage(uninitializedCount: values.count)
        let source = values.storage.pointer
        let selector = mask.storage.pointer
        let target = output.pointer
        forEachPiece(values.count) { range in
            var i = range.lowerBound
            while i + 16 <= range.upperBound {
                let x = UnsafeRawPointer(source + i).loadUnaligned(as: SIMD16<Float>.self)
                let m = UnsafeRawPointer(selector + i).loadUnaligned(as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(target + i).storeBytes(
                    of: x.replacing(with: 0, where: .!(m .> 0)), as: SIMD16<Float>.self)
                i += 16
            }
            for j in i..<range.upperBound { target[j] = selector[j] > 0 ? source[j] : 0 }
        }
        return output
    }

    /// `values` where `selector` > 0, `negativeSlope`·`values` elsewhere (same shapes; NaN stays NaN).
    static func leakyMasked(_ values: Tensor, selector: Tensor, negativeSlope: Float) -> TensorStorage {
        let output = TensorStorage(uninitializedCount: values.count)
        let source = values.storage.pointer
        let mask = selector.storage.pointer
        let target = output.pointer
        let slopes = SIMD16<Float>(repeating: negativeSlope)
        forEachPiece(values.count) { range in
            var i = range.lowerBound
            while i + 16 <= range.upperBound {
                let x = UnsafeRawPointer(source + i).loadUnaligned(as: SIMD16<Float>.self)
                let m = UnsafeRawPointer(mask + i).loadUnaligned(as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(target + i).storeBytes(
                    of: (x * slopes).replacing(with: x, where: m .> 0),
                    as: SIMD16<Float>.self)
                i += 16
            }
            for j in i..<range.upperBound { target[j] = mask[j] > 0 ? source[j] : source[j] * negativeSlope }
        }
        return output
    }

    /// `0..<count` cut into fixed pieces of 64 Ki scalars, spread over the operation's threads
    /// (elementwise work gives the same result however it is split).
    @inline(__always)
    static func forEachPiece(_ count: Int, _ body: (Range<Int>) -> Void) {
        let piece = 1 << 16
        IntraOperationParallelism.forEach((count + piece - 1) / piece) { index in
            body((index * piece)..<min(count, (index + 1) * piece))
        }
    }

    /// The sum of `count` contiguous floats, accumulated in sixteen fixed lanes so the result
    /// is the same on every run and the loop vectorises.
    static func sum(_ pointer: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = SIMD16<Float>()
        let raw = UnsafeRawPointer(pointer)
        let blocks = count / 16
        for block in 0..<blocks {
            lanes += raw.loadUnaligned(fromByteOffset: block * 64, as: SIMD16<Float>.self)
        }
        var total = lanes.sum()
        for i in (blocks * 16)..<count { total += pointer[i] }
        return total
    }

    /// Σ (x − center)² over `count` contiguous floats, in sixteen fixed lanes like `sum`.
    static func sumOfSquaredDeviations(_ pointer: UnsafePointer<Float>, _ count: Int, from center: Float) -> Float {
        var lanes = SIMD16<Float>()
        let raw = UnsafeRawPointer(pointer)
        let centers = SIMD16<Float>(repeating: center)
        let blocks = count / 16
        for block in 0..<blocks {
            let deviation = raw.loadUnaligned(fromByteOffset: block * 64, as: SIMD16<Float>.self) - centers
            lanes += deviation * deviation
        }
        var total = lanes.sum()
        for i in (blocks * 16)..<count { total += (pointer[i] - center) * (pointer[i] - center) }
        return total
    }

    /// Σ a·(b − center) over `count` contiguous floats, in sixteen fixed lanes like `sum`.
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int, centering center: Float)
        -> Float
    {
        var lanes = SIMD16<Float>()
        let rawA = UnsafeRawPointer(a)
        let rawB = UnsafeRawPointer(b)
        let centers = SIMD16<Float>(repeating: center)
        let blocks = count / 16
        for block in 0..<blocks {
            lanes +=
                rawA.loadUnaligned(fromByteOffset: block * 64, as: SIMD16<Float>.self)
                * (rawB.loadUnaligned(fromByteOffset: block * 64, as: SIMD16<Float>.self) - centers)
        }
        var total = lanes.sum()
        for i in (blocks * 16)..<count { total += a[i] * (b[i] - center) }
        return total
    }
}
