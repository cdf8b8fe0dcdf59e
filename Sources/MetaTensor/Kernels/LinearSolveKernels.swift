/// Gaussian elimination with partial pivoting for small dense systems (the n×n Gram matrices of a
/// few-shot support set), in Double and in one fixed order of operations: the same inputs give the
/// same bits on every machine and in both numerics modes.
enum LinearSolveKernels {
    /// Solves a·x = b for x, with `a` n×n and `b` n×m, both row-major; writes x (n×m) to `x`.
    /// Each column's pivot is the first row of largest magnitude at or below the diagonal. A singular
    /// matrix (a zero pivot) gives infinities or NaNs, as a division by zero does.
    static func solve(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, n: Int, m: Int, into x: UnsafeMutablePointer<Float>
    ) {
        var lu = (0..<(n * n)).map { Double(a[$0]) }
        var rhs = (0..<(n * m)).map { Double(b[$0]) }
        for column in 0..<n {
            var pivot = column
            for row in (column + 1)..<n where abs(lu[row * n + column]) > abs(lu[pivot * n + column]) {
                pivot = row
            }
            if pivot != column {
                for k in 0..<n { lu.swapAt(pivot * n + k, column * n + k) }
                for k in 0..<m { rhs.swapAt(pivot * m + k, column * m + k) }
            }
            let diagonal = lu[column * n + column]
            for row in (column + 1)..<n {
                let factor = lu[row * n + column] / diagonal
                guard factor != 0 else { continue }
                for k in column..<n { lu[row * n + k] -= factor * lu[column * n + k] }
                for k in 0..<m { rhs[row * m + k] -= factor * rhs[column * m + k] }
            }
        }
        for row in stride(from: n - 1, through: 0, by: -1) {
            for k in 0..<m {
                var value = rhs[row * m + k]
                for j in (row + 1)..<n { value -= lu[row * n + j] * rhs[j * m + k] }
                rhs[row * m + k] = value / lu[row * n + row]
            }
        }
        for index in 0..<(n * m) { x[index] = Float(rhs[index]) }
    }
}
