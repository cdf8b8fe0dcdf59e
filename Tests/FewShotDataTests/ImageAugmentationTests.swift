import FewShotData
import SeededRandom
import Testing

/// The augmentation operations against hand-computed cases, and their seeding.
@Suite struct ImageAugmentationTests {
    /// `channels` planes of `size`×`size` seeded uniform values in [0, 1).
    static func randomImage(channels: Int, size: Int, seed: UInt64 = 1) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<(channels * size * size)).map { _ in generator.nextUnitFloat() }
    }

    /// Runs `body` on a mutable copy of `image` and returns it.
    static func changed(_ image: [Float], _ body: (UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        var copy = image
        copy.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
        return copy
    }

    static let strong = ImageAugmentation(
        affine: RandomAffine(degrees: 30, shear: 20, scale: 0.7...1.3, translate: 0.2, fill: 0),
        crop: RandomResizedCrop(scale: 0.08...1, ratio: 0.75...(4.0 / 3)), horizontalFlipProbability: 0.5,
        colorJitter: ColorJitter(brightness: 1, contrast: 1, saturation: 1))

    @Test func flippingTwiceGivesTheImageBack() {
        let image = Self.randomImage(channels: 3, size: 5)
        let once = Self.changed(image) { ImageAugmentation.flipHorizontally($0, channels: 3, size: 5) }
        #expect(Array(once[0..<5]) == Array(image[0..<5].reversed()))
        #expect(Array(once[70..<75]) == Array(image[70..<75].reversed()))
        let twice = Self.changed(once) { ImageAugmentation.flipHorizontally($0, channels: 3, size: 5) }
        #expect(twice == image)
        // Probability 1 always flips; 0 never.
        let always = ImageAugmentation(horizontalFlipProbability: 1)
        #expect(always.augmented(image, channels: 3, size: 5, seed: 1, episode: 0, slot: 0) == once)
        #expect(ImageAugmentation().augmented(image, channels: 3, size: 5, seed: 1, episode: 0, slot: 0) == image)
    }

    @Test func aFullCropAtScaleOneAndRatioOneIsTheIdentity() {
        let crop = RandomResizedCrop(scale: 1...1, ratio: 1...1)
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<20 {
            #expect(crop.region(size: 9, using: &generator) == .init(top: 0, left: 0, height: 9, width: 9))
        }
        let image = Self.randomImage(channels: 3, size: 9)
        let augmentation = ImageAugmentation(crop: crop)
        for slot in 0..<5 {
            #expect(augmentation.augmented(image, channels: 3, size: 9, seed: 7, episode: 2, slot: slot) == image)
        }
    }

    @Test func cropUpsamplingInterpolatesBetweenPixelCentres() {
        // The 2×2 top-left region of a 4×4 image whose columns are 0 and 1 there: output centres
        // fall at source x = -0.25 (clamped to 0), 0.25, 0.75 and 1.25 (clamped to 1).
        var image = [Float](repeating: 0.5, count: 16)
        for y in 0..<2 { image[y * 4] = 0; image[y * 4 + 1] = 1 }
        var output = [Float](repeating: -1, count: 16)
        image.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                RandomResizedCrop.resample(source.baseAddress!, region: .init(top: 0, left: 0, height: 2, width: 2),
                                           channels: 1, size: 4, into: destination.baseAddress!)
            }
        }
        for y in 0..<4 { #expect(Array(output[(y * 4)..<(y * 4 + 4)]) == [0, 0.25, 0.75, 1]) }
    }

    @Test func drawnCropsLieInsideTheImageWithinTheScaleBounds() {
        let crop = RandomResizedCrop(scale: 0.25...0.5, ratio: 0.75...(4.0 / 3))
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<500 {
            let region = crop.region(size: 84, using: &generator)
            #expect(region.top >= 0 && region.left >= 0 && region.top + region.height <= 84 && region.left + region.width <= 84)
            let fraction = Double(region.width * region.height) / Double(84 * 84)
            #expect(fraction > 0.23 && fraction < 0.53)   // rounding of the sides moves it a little
        }
    }

    @Test func anAffineWithZeroParametersIsTheIdentity() {
        let image = Self.randomImage(channels: 1, size: 28)
        let augmentation = ImageAugmentation(affine: RandomAffine(degrees: 0, shear: 0, scale: 1...1, translate: 0, fill: 0))
        for slot in 0..<5 {
            #expect(augmentation.augmented(image, channels: 1, size: 28, seed: 1, episode: 0, slot: slot) == image)
        }
    }

    @Test func affineRotationAndShiftMatchTheirPixelMaps() {
        let image = Self.randomImage(channels: 2, size: 3)
        let affine = RandomAffine(degrees: 0, shear: 0, scale: 1...1, translate: 0, fill: 0.5)
        func transformed(_ map: RandomAffine.InverseMap) -> [Float] {
            image.withUnsafeBufferPointer { source in
                Self.changed(image) { affine.transform(map, source.baseAddress!, channels: 2, size: 3, into: $0) }
            }
        }
        // A quarter turn about the centre (1, 1): the source pixel (x, y) lands at (2 - y, x).
        let turned = transformed(RandomAffine.inverse(angle: .pi / 2, shear: 0, zoom: 1, shift: (0, 0), size: 3))
        for channel in 0..<2 {
            for y in 0..<3 {
                for x in 0..<3 {
                    #expect(abs(turned[channel * 9 + x * 3 + (2 - y)] - image[channel * 9 + y * 3 + x]) < 1e-5)
                }
            }
        }
        // One pixel to the right: column 0 comes from outside the image and is the fill.
        let shifted = transformed(RandomAffine.inverse(angle: 0, shear: 0, zoom: 1, shift: (1, 0), size: 3))
        for channel in 0..<2 {
            for y in 0..<3 {
                #expect(shifted[channel * 9 + y * 3] == 0.5)
                #expect(shifted[channel * 9 + y * 3 + 1] == image[channel * 9 + y * 3])
                #expect(shifted[channel * 9 + y * 3 + 2] == image[channel * 9 + y * 3 + 1])
            }
        }
    }

    @Test func brightnessScalesAConstantImageAndClampsAtOne() {
        let constant = [Float](repeating: 0.4, count: 3 * 4 * 4)
        let brighter = Self.changed(constant) { ColorJitter.adjustBrightness($0, channels: 3, size: 4, factor: 1.5) }
        #expect(brighter.allSatisfy { abs($0 - 0.6) < 1e-7 })
        let darker = Self.changed(constant) { ColorJitter.adjustBrightness($0, channels: 3, size: 4, factor: 0.25) }
        #expect(darker.allSatisfy { abs($0 - 0.1) < 1e-7 })
        let saturated = Self.changed(constant) { ColorJitter.adjustBrightness($0, channels: 3, size: 4, factor: 3) }
        #expect(saturated.allSatisfy { $0 == 1 })
    }

    @Test func contrastBlendsWithTheMeanAndClamps() {
        let image: [Float] = [0, 0.2, 0.4, 0.6]   // one 2×2 gray plane, mean 0.3
        let flat = Self.changed(image) { ColorJitter.adjustContrast($0, channels: 1, size: 2, factor: 0) }
        #expect(flat.allSatisfy { abs($0 - 0.3) < 1e-7 })
        let stretched = Self.changed(image) { ColorJitter.adjustContrast($0, channels: 1, size: 2, factor: 2) }
        for (value, expected) in zip(stretched, [Float(0), 0.1, 0.5, 0.9]) { #expect(abs(value - expected) < 1e-6) }
    }

    @Test func saturationZeroGivesRec601Gray() {
        // One 1×1 RGB pixel (0.2, 0.6, 1.0): gray 0.299·0.2 + 0.587·0.6 + 0.114·1.0 = 0.526.
        let pixel: [Float] = [0.2, 0.6, 1.0]
        let gray = Self.changed(pixel) { ColorJitter.adjustSaturation($0, size: 1, factor: 0) }
        #expect(gray.allSatisfy { abs($0 - 0.526) < 1e-6 })
        let same = Self.changed(pixel) { ColorJitter.adjustSaturation($0, size: 1, factor: 1) }
        #expect(same == pixel)
        // Factor 2 pushes each channel away from the gray: 2v - 0.526, clamped.
        let vivid = Self.changed(pixel) { ColorJitter.adjustSaturation($0, size: 1, factor: 2) }
        for (value, expected) in zip(vivid, [Float(0), 0.674, 1]) { #expect(abs(value - expected) < 1e-6) }
    }

    @Test func valuesStayInTheUnitInterval() {
        for seed in 0..<4 {
            let image = Self.randomImage(channels: 3, size: 16, seed: UInt64(seed))
            for slot in 0..<50 {
                let result = Self.strong.augmented(image, channels: 3, size: 16, seed: UInt64(seed), episode: 3, slot: slot)
                #expect(result.allSatisfy { $0 >= 0 && $0 <= 1 })
            }
        }
    }

    @Test func theDrawIsAPureFunctionOfSeedEpisodeAndSlot() {
        let image = Self.randomImage(channels: 3, size: 12)
        func result(_ seed: UInt64, _ episode: Int, _ slot: Int) -> [Float] {
            Self.strong.augmented(image, channels: 3, size: 12, seed: seed, episode: episode, slot: slot)
        }
        #expect(result(1, 4, 7) == result(1, 4, 7))
        #expect(result(1, 4, 7) != result(1, 4, 8))
        #expect(result(1, 4, 7) != result(1, 5, 7))
        #expect(result(1, 4, 7) != result(2, 4, 7))
        #expect(result(1, 4, 7) != image)
    }
}
