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

    /// A folder holding a set of other settings, or another data set, is refused and left as it was;
    /// the same set again is written over with the same bytes.
    @Test func writesOnlyIntoAnEmptyFolderOrItsOwnSet() throws {
        let folder = TemporaryDirectory("synth")
        try SyntheticOmniglot.write(to: folder.path, alphabets: 2, characters: 3, drawers: 2, seed: 1)
        let before = try DatasetIndex(root: folder.path).files.map { try [UInt8](contentsOfFile: $0.path) }
        try SyntheticOmniglot.write(to: folder.path, alphabets: 2, characters: 3, drawers: 2, seed: 1)
        for (settings, reason) in [((3, 3, 2, UInt64(1)), "'alphabet03' is missing"), ((2, 3, 2, UInt64(2)), "'alphabet01/character01/0001_01.png' is not its image"),
                                   ((2, 2, 2, UInt64(1)), "'alphabet01/character03' is not one of its files")] {
            let error = #expect(throws: SyntheticOmniglot.Failure.self) {
                try SyntheticOmniglot.write(to: folder.path, alphabets: settings.0, characters: settings.1, drawers: settings.2, seed: settings.3)
            }
            #expect(error == .notOurs(path: folder.path, reason: reason))
        }
        #expect(try DatasetIndex(root: folder.path).files.map { try [UInt8](contentsOfFile: $0.path) } == before)
        // An Omniglot-style copy of other alphabets gains no alphabet01 beside them.
        let omniglot = TemporaryDirectory.omniglot([("Greek", [("alpha", 2)])])
        let error = #expect(throws: SyntheticOmniglot.Failure.self) { try SyntheticOmniglot.write(to: omniglot.path) }
        #expect(error?.description == "\(omniglot.path): holds something other than the synthetic data set of these settings "
                + "('Greek' is not one of its files); write it into an empty or new folder")
        #expect(try DatasetIndex(root: omniglot.path).alphabets == ["Greek"])
    }

    @Test func badArgumentsAndUnwritableRootsAreErrors() {
        #expect(throws: SyntheticOmniglot.Failure.self) { try SyntheticOmniglot.write(to: "/tmp/x", alphabets: 0) }
        #expect(throws: SyntheticOmniglot.Failure.self) {
            try SyntheticOmniglot.write(to: "/proc/metalearn-synth", alphabets: 1, characters: 1, drawers: 1)
        }
    }
}
