import Testing
import MetaNN

@Suite struct DropBlockTests {
    /// Every dropped activation lies in a whole dropped block: each zero of a plane is covered by
    /// some blockSize×blockSize square of zeros inside the plane. Kept ones are all/kept.
    @Test func masksDropWholeBlocksAndKeepTheMean() {
        var generator = SeededGenerator(seed: 1)
        let (side, block) = (12, 3)
        let mask = DropBlock(blockSize: block, rate: 0.2).mask([4, 5, side, side], using: &generator).scalars
        let kept = mask.filter { $0 != 0 }
        #expect(!kept.isEmpty && kept.count < mask.count)
        let scale = Float(mask.count) / Float(kept.count)
        #expect(kept.allSatisfy { $0 == scale })
        for planeStart in stride(from: 0, to: mask.count, by: side * side) {
            func dropped(_ y: Int, _ x: Int) -> Bool { mask[planeStart + y * side + x] == 0 }
            for y in 0..<side { for x in 0..<side where dropped(y, x) {
                let covered = (max(0, y - block + 1)...min(y, side - block)).contains { top in
                    (max(0, x - block + 1)...min(x, side - block)).contains { left in
                        (top..<(top + block)).allSatisfy { row in (left..<(left + block)).allSatisfy { dropped(row, $0) } }
                    }
                }
                #expect(covered)
            }}
        }
    }

    /// Ghiasi et al.'s γ makes the dropped fraction about the rate: over many planes, within a few
    /// standard errors of 0.1 (overlapping blocks make it a little lower).
    @Test func dropsAboutTheRate() {
        var generator = SeededGenerator(seed: 2)
        let mask = DropBlock(blockSize: 3, rate: 0.1).mask([50, 20, 11, 11], using: &generator).scalars
        let dropped = Double(mask.filter { $0 == 0 }.count) / Double(mask.count)
        #expect((0.08...0.11).contains(dropped))
    }

    @Test func aBlockLargerThanThePlaneDropsWholePlanesAndRateZeroNothing() {
        var generator = SeededGenerator(seed: 3)
        let mask = DropBlock(blockSize: 7, rate: 0.5).mask([40, 1, 3, 3], using: &generator).scalars
        for plane in stride(from: 0, to: mask.count, by: 9) {
            #expect(Set(mask[plane..<(plane + 9)]).count == 1)
        }
        #expect(DropBlock(blockSize: 3, rate: 0).mask([2, 2, 5, 5], using: &generator).scalars.allSatisfy { $0 == 1 })
    }

    /// The mask is a constant factor: the gradient of Σ DropBlock(x) is the mask itself.
    @Test func gradientIsTheMask() {
        var generator = SeededGenerator(seed: 4)
        let x = Tensor(repeating: 0.5, shape: [2, 3, 6, 6]).variable()
        let dropBlock = DropBlock(blockSize: 2, rate: 0.3)
        var replay = generator
        let gradient = gradients(of: dropBlock(x, using: &generator).sum(), wrt: [x])[0]
        #expect(gradient.isIdentical(to: dropBlock.mask(x.shape, using: &replay)))
    }
}
