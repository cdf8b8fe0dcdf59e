// Reshaping, permuting, slicing, concatenating and gathering, with their derivative rules.
// Each rule is the adjoint layout move: permute by the inverse, slice ↔ pad, gather ↔ scatter-add.

extension Tensor {
    /// The same scalars viewed with another shape of equal element count (no copy).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        precondition(
            newShape.reduce(1, *) == count,
            "reshaped: cannot view shape \(shape) (\(count) elements) as \(newShape)")
        if newShape == shape { return self }
        let source = shape
        return .result(storage, shape: newShape, operation: "reshape", inputs: [self]) { g in [g.reshaped(source)] }
    }

    /// A 2-D view [first axis, everything else] (an image batch to a feature matrix).
    public func flattenedBatch() -> Tensor {
        precondition(rank >= 1, "flattenedBatch needs at least one axis")
        return reshaped([shape[0], count / Swift.max(shape[0], 1)])
    }

    /// The tensor with axes reordered: output axis i is input axis `axes[i]`.
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(axes.sorted() == Array(0..<rank), "permuted: \(axes) is not a permutation of the axes of \(shape)")
        if axes == Array(0..<rank) { return self }
        var inverse = [Int](repeating: 0, count: rank)
        for (position, axis) in axes.enumerated() { inverse[axis] = position }
        return .result(
            LayoutKernels.permute(self, axes), shape: axes.map { shape[$0] },
            operation: "permute", inputs: [self]
        ) { g in [g.permuted(inverse)] }
    }

    /// The transpose of a 2-D tensor.
    public func transposed() -> Tensor {
        precondition(rank == 2, "transposed needs a 2-D tensor, got shape \(shape)")
        return permuted([1, 0])
    }

    /// The elements with index in `range` along `axis`.
    public func slice(_ range: Range<Int>, alongAxis axis: Int = 0) -> Tensor {
        let axis = Shape.axis(axis, rank: rank, operation: "slice")
        precondition(
            range.lowerBound >= 0 && range.upperBound <= shape[axis],
            "slice: range \(range) is out of bounds for axis \(axis) of shape \(shape)")
        var newShape = shape
        newShape[axis] = range.count
        let inner = shape[(axis + 1)...].reduce(1, *)
        let outer = shape[..<axis].reduce(1, *)
        let storage = TensorStorage(uninitializedCount: newShape.reduce(1, *))
        LayoutKernels.copyBlocks(
            outer: outer, length: range.count * inner,
            from: self.storage.pointer, sourceRowLength: shape[axis] * inner,
            sourceOffset: range.lowerBound * inner,
            to: storage.pointer, targetRowLength: range.count * inner, targetOffset: 0)
        let extent = shape[axis]
        return .result(storage, shape: newShape, operation: "slice", inputs: [self]) { g in
            [g.padded(toExtent: extent, at: range.lowerBound, alongAxis: axis)]
        }
    }

    /// This tensor placed at `offset` inside zeros of extent `extent` along `axis`: the adjoint of slicing.
    public func padded(toExtent extent: Int, at offset: Int, alongAxis axis: Int) -> Tensor {
        precondition(
            offset >= 0 && offset + shape[axis] <= extent,
            "padded: \(shape[axis]) elements at \(offset) do not fit extent \(extent)")
        var newShape = shape
        newShape[axis] = extent
        let inner = shape[(axis + 1)...].reduce(1, *)
        let outer = shape[..<axis].reduce(1, *)
        let storage = TensorStorage(zeros: newShape.reduce(1, *))
        LayoutKernels.copyBlocks(
            outer: outer, length: shape[axis] * inner,
            from: self.storage.pointer, sourceRowLength: shape[axis] * inner, sourceOffset: 0,
            to: storage.pointer, targetRowLength: extent * inner, targetOffset: offset * inner)
        let range = offset..<(offset + shape[axis])
        return .result(storage, shape: newShape, operation: "pad", inputs: [self]) { g in
            [g.slice(range, alongAxis: axis)]
        }
    }

    /// Tensors joined along an existing axis; all other extents must agree.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "concatenate needs at least one tensor")
        let first = tensors[0]
        let axis = Shape.axis(axis, rank: first.rank, operation: "concatenate")
        for tensor in tensors {
            var expected = first.shape
            var actual = tensor.shape
            guard expected.count == actual.count else {
                preconditionFailure("concatenate: shapes \(first.shape) and \(tensor.shape) differ in rank")
            }
            expected[axis] = 0
            actual[axis] = 0
            precondition(
                expected == actual,
                "concatenate: shapes \(first.shape) and \(tensor.shape) differ outside axis \(axis)")
        }
        let extents = tensors.map { $0.shape[axis] }
        var shape = first.shape
        shape[axis] = extents.reduce(0, +)
        let inner = shape[(axis + 1)...].reduce(1, *)
        let outer = shape[..<axis].reduce(1, *)
        let storage = TensorStorage(uninitializedCount: shape.reduce(1, *))
        var offset = 0
        for tensor in tensors {
            LayoutKernels.copyBlocks(
                outer: outer, length: tensor.shape[axis] * inner,
                from: tensor.storage.pointer, sourceRowLength: tensor.shape[axis] * inner,
                sourceOffset: 0,
                to: storage.pointer, targetRowLength: shape[axis] * inner,
                targetOffset: offset * inner)
            offset += tensor.shape[axis]
        }
        return .result(storage, shape: shape, operation: "concatenate", inputs: tensors) { g in
            var start = 0
            return extents.map { extent in
                defer { start += extent }
                return g.slice(start..<(start + extent), alongAxis: axis)
            }
        }
    }

    /// Tensors of one shape stacked along a new leading axis.
    public static func stack(_ tensors: [Tensor]) -> Tensor {
        concatenate(tensors.map { $0.reshaped([1] + $0.shape) }, alongAxis: 0)
    }

    /// The rows (entries along axis 0) at `indices`, in that order; indices may repeat.
    public func gatheringRows(_ indices: [Int]) -> Tensor {
        precondition(rank >= 1, "gatheringRows needs at least one axis")
        let rows = shape[0]
        let width = count / Swift.max(rows, 1)
        for index in indices {
            precondition((0..<rows).contains(index), "gatheringRows: index \(index) out of range 0..<\(rows)")
        }
        let newShape = [indices.count] + shape.dropFirst()
        return .result(
            LayoutKernels.gatherRows(self, indices, width: width), shape: newShape,
            operation: "gatherRows", inputs: [self]
        ) { g in
            [g.scatteringRows(indices, rows: rows)]
        }
    }

    /// Zeros with `rows` rows where row `indices[i]` accumulates row i of this tensor:
    /// the adjoint of `gatheringRows`.
    public func scatteringRows(_ indices: [Int], rows: Int) -> Tensor {
        precondition(
            rank >= 1 && shape[0] == indices.count,
            "scatteringRows: \(indices.count) indices for \(shape.first ?? 0) rows")
        let width = count / Swift.max(shape[0], 1)
        for index in indices {
            precondition((0..<rows).contains(index), "scatteringRows: index \(index) out of range 0..<\(rows)")
        }
        let newShape = [rows] + shape.dropFirst()
        return .result(
            LayoutKernels.scatterAddRows(self, indices, rows: rows, width: width), shape: newShape,
            operation: "scatterRows", inputs: [self]
        ) { g in [g.gatheringRows(indices)] }
    }
}
