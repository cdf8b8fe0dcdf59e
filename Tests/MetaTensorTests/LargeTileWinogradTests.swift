import MetaTensor
import Testing

/// Winograd's F(4×4, 3×3), which fast numerics run on planes of 20×20 and up: the value and
/// both gradients against the definition computed in Double.
@Suite struct LargeTileWinogradTests {
    /// The largest error relative to the largest reference entry, for the value, the input
    /// gradient and the kernel gradient of a convolution of `images` images.
    static func relativeErrors(images: Int, channels: Int, outputs: Int, height: Int, width: Int) -> [Double] {
        let x = randomTensor([images, channels, height, width], seed: 31).variable()
        let w = randomTensor([outputs, channels, 3, 3], seed: 32).variable()
        let g = randomTensor([images, outputs, height, width], seed: 33)
        let y = x.conv2d(w, padding: 1)
        let grads = gradients(of: (y * g).sum(), wrt: [x, w])
        let (expected, dx, dw) = directConvolution3x3(x, w, outputGradient: g)
        return [(y, expected), (grads[0], dx), (grads[1], dw)].map { actual, reference in
            let largest = reference.map(abs).max() ?? 0
            return zip(actual.scalars, reference).map { abs(Double($0) - $1) }.max()! / largest
        }
    }

    /// Odd sizes (the last tiles cut at the edge), several images, 16 channels or more. F(4×4, 3×3)
    /// errs by at most 6.7e-6 of the largest entry on these shapes (F(2×2, 3×3), in portable
    /// numerics, by 5e-7); a wrong entry in any of its matrices errs by the size of the terms it
    /// touches, far above the bound.
    @Test(arguments: [(16, 24, 23, 21), (24, 16, 21, 26), (32, 32, 20, 20)])
    func matchesTheDefinition(channels: Int, outputs: Int, height: Int, width: Int) {
        let errors = Self.relativeErrors(images: 3, channels: channels, outputs: outputs, height: height, width: width)
        #expect(errors.allSatisfy { $0 <= 2e-5 }, "value, input gradient, kernel gradient: \(errors)")
    }
}
