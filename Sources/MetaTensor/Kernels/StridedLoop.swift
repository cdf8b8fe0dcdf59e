/// Iterates a dense output of some shape while two operands are read through strides
/// (zero along broadcast axes). Adjacent axes that are contiguous for every operand are merged
/// first, so the innermost loop is as long as possible and has unit or zero strides.
struct StridedLoop {
    let extents: [Int]
    let stridesA: [Int]
    let stridesB: [Int]

    init(shape: [Int], stridesA: [Int], stridesB: [Int]) {
        var extents: [Int] = []
        var a: [Int] = []
        var b: [Int] = []
        for axis in shape.indices where shape[axis] != 1 {
            if let last = extents.indices.last,
                a[last] == stridesA[axis] * shape[axis], b[last] == stridesB[axis] * shape[axis]
            {
                extents[last] *= shape[axis]
                a[last] = stridesA[axis]
                b[last] = stridesB[axis]
            } else {
                extents.append(shape[axis])
                a.append(stridesA[axis])
                b.append(stridesB[axis])
            }
        }
        if extents.isEmpty {
            extents = [1]
            a = [0]
            b = [0]
        }
        self.extents = extents
        self.stridesA = a
        self.stridesB = b
    }

    /// The innermost run length and its strides.
    var inner: (count: Int, strideA: Int, strideB: Int) {
        (extents[extents.count - 1], stridesA[stridesA.count - 1], stridesB[stridesB.count - 1])
    }

    /// Calls `body(offsetA, offsetB, outputOffset)` once per innermost run, in row-major order.
    func forEachRun(_ body: (Int, Int, Int) -> Void) {
        let outer = extents.count - 1
        let runLength = extents[outer]
        var index = [Int](repeating: 0, count: outer)
        var offsetA = 0
        var offsetB = 0
        var output = 0
        while true {
            body(offsetA, offsetB, output)
            output += runLength
            var axis = outer - 1
            while axis >= 0 {
                index[axis] += 1
                offsetA += stridesA[axis]
                offsetB += stridesB[axis]
                if index[axis] < extents[axis] { break }
                offsetA -= stridesA[axis] * extents[axis]
                offsetB -= stridesB[axis] * extents[axis]
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }
}
