import FewShotData
import Testing

@Suite struct SyntheticOmniglotTests {
    @Test func writesADeterministicOmniglotStyleTree() throws {
        let a = TemporaryDirectory("synth")
        let summary = try SyntheticOmniglot.write(to: a.path, alphabets: 3, characters: 4, drawers: 5, seed: 7)
        #expect(summary.images == 60)
        let index = try DatasetIndex(root: a.path)
        #expect(index.layouts == [.omniglot])
        #expect(index.alphabets == ["alphabet01", "alphabet02", "alphabet03"])
        #expect(index.classes.count == 12 && index.imageCount == 60)
        let b = TemporaryDirectory("synth")
        try SyntheticOmniglot.write(to: b.path, alphabets: 3, characters: 4, drawers: 5, seed: 7)
        for (x, y) in zip(index.files, try DatasetIndex(root: b.path).files) {
            #expect(try [UInt8](contentsOfFile: x.path) == [UInt8](contentsOfFile: y.path))
        }
        let image = try ImageFile.read(atPath: index.files[0].path, as: .gray).image
        #expect(image.width == 105 && image.height == 105)
        let ink = image.pixels.filter { $0 < 128 }.count
        #expect(ink > 50 && ink < 105 * 105 / 4)   // black strokes on white
    }

    @Test func drawersVaryCharactersDifferSeedsDiffer() {
        let base = SyntheticOmniglot.image(seed: 1, alphabet: 0, character: 0, drawer: 0)
        #expect(base == SyntheticOmniglot.image(seed: 1, alphabet: 0, character: 0, drawer: 0))
        #expect(base != SyntheticOmniglot.image(seed: 1, alphabet: 0, character: 0, drawer: 1))
        #expect(base != SyntheticOmniglot.image(seed: 1, alphabet: 0, character: 1, drawer: 0))
        #expect(base != SyntheticOmniglot.image(seed: 2, alphabet: 0, character: 0, drawer: 0))
    }

    @Test func badArgumentsAndUnwritableRootsAreErrors() {
        #expect(throws: SyntheticOmniglot.Failure.self) { try SyntheticOmniglot.write(to: "/tmp/x", alphabets: 0) }
        #expect(throws: SyntheticOmniglot.Failure.self) {
            try SyntheticOmniglot.write(to: "/proc/metalearn-synth", alphabets: 1, characters: 1, drawers: 1)
        }
    }
}
