import MetaTensor

/// The 3×3 convolution with padding 1 of `x` [N, C, H, W] by `w` [O, C, 3, 3] by its definition, in
/// Double, with the gradients of Σ y·g (`g` [N, O, H, W]) with respect to `x` and `w`: the
/// reference the engine's convolutions (im2col's, Winograd's F(2,3) and F(4,3)) are checked against.
func directConvolution3x3(_ x: Tensor, _ w: Tensor, outputGradient g: Tensor)
    -> (value: [Double], inputGradient: [Double], weightGradient: [Double])
{
    let (images, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let outputs = w.shape[0]
    let xs = x.scalars, ws = w.scalars, gs = g.scalars
    var value = [Double](repeating: 0, count: g.count), dx = [Double](repeating: 0, count: x.count)
    var dw = [Double](repeating: 0, count: w.count)
    for n in 0..<images { for o in 0..<outputs { for row in 0..<height { for column in 0..<width {
        let out = ((n * outputs + o) * height + row) * width + column
        for c in 0..<channels { for ki in 0..<3 { for kj in 0..<3 {
            let sourceRow = row + ki - 1, sourceColumn = column + kj - 1
            guard (0..<height).contains(sourceRow) && (0..<width).contains(sourceColumn) else { continue }
            let source = ((n * channels + c) * height + sourceRow) * width + sourceColumn
            let tap = ((o * channels + c) * 3 + ki) * 3 + kj
            value[out] += Double(xs[source]) * Double(ws[tap])
            dx[source] += Double(gs[out]) * Double(ws[tap])
            dw[tap] += Double(gs[out]) * Double(xs[source])
        }}}
    }}}}
    return (value, dx, dw)
}
