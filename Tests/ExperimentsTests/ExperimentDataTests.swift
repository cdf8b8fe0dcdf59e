import BuiltinLearners
import Experiments
import FewShotData
import Foundation
import Testing

/// The episodes a spec's data gives, with the within-alphabet protocol.
@Suite struct ExperimentDataTests {
    @Test func withinAlphabetEpisodesTakeEveryClassFromOneAlphabet() throws {
        let directory = try TemporaryDirectory()
        let text = RunFixtures.spec(cache: directory.file("cache").path)
            .replacingOccurrences(of: #""ways": 3,"#, with: #""ways": 3, "withinAlphabet": true,"#)
        let data = try ExperimentData(spec: RunFixtures.decode(text), threads: 2)
        let plain = try ExperimentData(spec: RunFixtures.decode(RunFixtures.spec(cache: directory.file("cache").path)), threads: 2)
        func alphabets(_ sampler: EpisodeSampler, _ index: Int) -> Set<String> {
            Set(sampler.draw(index).classIndices.map { data.images.index.classes[sampler.classes[$0].sourceClass].alphabet! })
        }
        for index in 0..<50 {
            #expect(alphabets(data.test, index).count == 1 && alphabets(data.train, index).count == 1)
        }
        #expect((0..<50).contains { alphabets(plain.train, $0).count > 1 })
        // Without the key, the very same episodes as before it existed.
        #expect(plain.test.groups == nil)
    }

    @Test func augmentationChangesTrainingEpisodesOnly() throws {
        let directory = try TemporaryDirectory()
        let plainText = RunFixtures.spec(cache: directory.file("cache").path)
            .replacingOccurrences(of: #""invert": true,"#, with: #""invert": true, "color": "rgb","#)
        let augmentedText = plainText.replacingOccurrences(of: #""color": "rgb","#, with: #""color": "rgb", "augmentation": {"#
            + #""affine": {}, "randomResizedCrop": {"scale": [0.5, 1]}, "horizontalFlip": 0.5, "colorJitter": {}},"#)
        let plain = try ExperimentData(spec: RunFixtures.decode(plainText), threads: 2)
        let augmented = try ExperimentData(spec: RunFixtures.decode(augmentedText), threads: 2)
        let indices = [0, 1, 17]
        for index in indices {
            #expect(augmented.test.episode(index) == plain.test.episode(index))
            #expect(augmented.validation!.episode(index) == plain.validation!.episode(index))
            let trained = augmented.train.episode(index), original = plain.train.episode(index)
            #expect(trained.classIndices == original.classIndices && trained.queryLabels == original.queryLabels)
            #expect(trained.supportImages != original.supportImages && trained.queryImages != original.queryImages)
        }
        // One thread or several: the same augmented batch.
        let parallel = augmented.train.batch(start: 3, count: 4), serial = augmented.train.batch(start: 3, count: 4, parallel: false)
        #expect(parallel.supportImages == serial.supportImages && parallel.queryImages == serial.queryImages)
        #expect(augmented.train.augmentation?.horizontalFlipProbability == 0.5 && plain.train.augmentation == nil)
    }

    @Test func withinAlphabetEpisodesNeedEnoughCharactersPerAlphabet() throws {
        let directory = try TemporaryDirectory()
        let text = RunFixtures.spec(cache: directory.file("cache").path)
            .replacingOccurrences(of: #""ways": 3,"#, with: #""ways": 9, "withinAlphabet": true,"#)
        let spec = try RunFixtures.decode(text)
        let problems = DataCheck.problems(spec)
        let within = problems.filter { $0.path == "episodes.withinAlphabet" }
        #expect(within.count == 3)   // train, validation and test
        #expect(within[0].description.contains("9-way episodes within one alphabet need 9 classes (rotations counted) in every alphabet of the train split"))
        let error = #expect(throws: SpecErrors.self) { try ExperimentData(spec: spec, threads: 1) }
        #expect(error?.errors == problems)
    }
}

/// A spec whose `dataset.synthetic` settings are not those of the set under its root neither
/// validates nor runs: it would train on the other set while spec.json records these settings.
@Suite struct SyntheticSettingsTests {
    @Test func aRootHoldingASetOfOtherSettingsIsRefused() throws {
        let directory = try TemporaryDirectory()
        let root = directory.file("synthetic").path
        try SyntheticOmniglot.write(to: root, alphabets: 4, characters: 5, drawers: 3, seed: 1)
        func spec(seed: Int) throws -> ExperimentSpec {
            try RunFixtures.decode("""
            {"name": "s", "dataset": {"root": "\(root)", "synthetic": {"alphabets": 4, "characters": 5, "drawers": 3, "seed": \(seed)},
             "imageSize": 16, "split": {"fractions": {"train": 0.5, "validation": 0.25, "test": 0.25}, "of": "alphabets"}},
             "episodes": {"ways": 2, "shots": 1, "queries": 1}, "learner": {"name": "protonet"}, "model": {"name": "conv4", "hiddenChannels": 2}}
            """)
        }
        #expect(ExperimentData.syntheticDataProblem(of: try spec(seed: 1)) == nil)
        let other = try spec(seed: 2)
        let expected = "dataset.synthetic: '\(root)' holds another data set than these settings generate "
            + "('alphabet01/character01/0001_01.png' is not its image); point dataset.root at a new folder, or give the settings it was generated with"
        #expect(DataCheck.problems(other).map(\.description) == [expected])
        let error = #expect(throws: SpecErrors.self) { try ExperimentData(spec: other, threads: 1) }
        #expect(error?.errors.map(\.description) == [expected])

        // The test images' digest is stable while the files stay, and moves when they are rewritten.
        let same = try spec(seed: 1)
        let digest = try ExperimentData(spec: same, threads: 1).testDataDigest
        #expect(try ExperimentData(spec: same, threads: 1).testDataDigest == digest)
        Thread.sleep(forTimeInterval: 0.01)
        for file in try DatasetIndex(root: root).files {
            try Data(contentsOf: URL(fileURLWithPath: file.path)).write(to: URL(fileURLWithPath: file.path))
        }
        #expect(try ExperimentData(spec: same, threads: 1).testDataDigest != digest)
    }
}
