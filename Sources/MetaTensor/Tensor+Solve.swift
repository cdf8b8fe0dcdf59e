// The linear solve: X = A⁻¹B for a small square A, differentiable to any order.
// Its derivative is two more solves and a product (for AX = B: B̄ = A⁻ᵀX̄, Ā = −B̄Xᵀ), so the
// gradient of a gradient is exact, as for every other primitive.

extension Tensor {
    /// The solution X [n, m] of a·X = b, for a square, non-singular `a` [n, n] and `b` [n, m]:
    /// Gaussian elimination with partial pivoting, accumulated in Double in a fixed order
    /// (`LinearSolveKernels`), so it gives the same bits on any machine and in both numerics modes.
    /// Meant for small systems (a few-shot support set's Gram matrix: n up to a few hundred); the
    /// work is O(n³ + n²m). A singular `a` gives infinities or NaNs. Differentiable in both
    /// arguments, to any order.
    public static func solve(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(
            a.rank == 2 && a.shape[0] == a.shape[1] && b.rank == 2 && b.shape[0] == a.shape[0],
            "solve needs a square [n, n] matrix and a right-hand side [n, m], got \(a.shape) and \(b.shape)")
        let n = b.shape[0]
        let m = b.shape[1]
        let storage = TensorStorage(uninitializedCount: n * m)
        LinearSolveKernels.solve(a.storage.pointer, b.storage.pointer, n: n, m: m, into: storage.pointer)
        let needA = a.requiresGradient
        let needB = b.requiresGradient
        return .result(storage, shape: [n, m], operation: "solve", inputs: [a, b]) { g in
            // X = A⁻¹B: dL/dB = A⁻ᵀG and dL/dA = −(dL/dB)·Xᵀ, X recomputed from the inputs so that
            // the rule stays differentiable in A and B (a rule never captures its own output).
            let gradientB = solve(a.transposed(), g)
            let gradientA = needA ? -matmul(gradientB, solve(a, b), transposingB: true) : nil
            return [gradientA, needB ? gradientB : nil]
        }
    }
}
