import BuiltinLearners
import Experiments
import FewShotData
import Foundation
import MetaLearning
import Testing

/// A saved run put to work on support sets and queries it was never given as episodes.
@Suite(.serialized) struct TrainedLearnerTests {
    /// A trained fixture run (MAML on an MLP, 3-way 1-shot, 3 queries) and the data of its spec.
    static func trainedRun(in directory: TemporaryDirectory) throws -> (TrainedLearner, ExperimentData) {
        try RunFixtures.run(RunFixtures.spec(cache: directory.file("cache").path), in: directory.file("run"))
        let trained = try TrainedLearner(runDirectory: directory.file("run"), registry: BuiltinLearners.registry, threads: 2)
        return (trained, try ExperimentData(spec: trained.spec, threads: 2))
    }

    /// Image `index` of an episode's flat image array.
    static func image(_ images: [Float], _ index: Int, of episode: Episode) -> [Float] {
        let floats = episode.channels * episode.height * episode.width
        return Array(images[(index * floats)..<((index + 1) * floats)])
    }

    /// The support set of a test episode, given as values: one class per label, named `class<label>`.
    static func support(of episode: Episode) -> [SupportClass] {
        (0..<episode.ways).map { label in
            SupportClass(name: "class\(label)", images: episode.supportLabels.indices.filter { episode.supportLabels[$0] == label }
                .map { image(episode.supportImages, $0, of: episode) })
        }
    }

    @Test func classifyingATestEpisodeAgreesWithItsEvaluation() throws {
        let directory = try TemporaryDirectory()
        let (trained, data) = try Self.trainedRun(in: directory)
        for index in [0, 7] {
            let episode = data.test.episode(index)
            let adapted = try trained.adapt(support: Self.support(of: episode))
            #expect(adapted.classNames == ["class0", "class1", "class2"] && adapted.queryBatchSize == 9)
            let predictions = try adapted.classify(episode.queryLabels.indices.map { Self.image(episode.queryImages, $0, of: episode) })
            let correct = zip(predictions, episode.queryLabels).filter { $0.classIndex == $1 }.count
            #expect(Float(correct) / Float(episode.queryLabels.count) == trained.learner.evaluate(FewShotTask(episode), with: trained.state).accuracy)
            for prediction in predictions {
                #expect(prediction.probabilities.count == 3 && abs(prediction.probabilities.reduce(0, +) - 1) < 1e-12)
                #expect(prediction.probability == prediction.probabilities.max() && prediction.className == "class\(prediction.classIndex)")
            }
            // The same images named by file decode to the same values: the same predictions.
            let draw = data.test.draw(index)
            func path(_ label: Int, _ position: Int) -> String {
                let source = data.test.classes[draw.classIndices[label]].sourceClass
                return data.images.imageFiles(ofClass: source)[draw.imageIndices[label][position]].path
            }
            let byFile = try trained.adapt(support: (0..<3).map { SupportClass(name: "class\($0)", imagePaths: [path($0, 0)]) })
            let queryPaths = (0..<3).flatMap { label in (1...3).map { path(label, $0) } }
            #expect(try byFile.classify(imagesAtPaths: queryPaths) == predictions)
        }
    }

    @Test func supportSetsTheLearnerCannotTakeAreRefused() throws {
        let directory = try TemporaryDirectory()
        let (trained, data) = try Self.trainedRun(in: directory)
        let episode = data.test.episode(0)
        let classes = Self.support(of: episode), image = classes[0]
        let pixels = Self.image(episode.supportImages, 0, of: episode)
        #expect(trained.mostClasses == 3)
        #expect(throws: PredictionError.tooManyClasses(found: 4, most: 3, learner: "maml")) {
            try trained.adapt(support: classes + [SupportClass(name: "class3", images: [pixels])])
        }
        #expect(throws: PredictionError.tooFewClasses(found: 1)) { try trained.adapt(support: [image]) }
        #expect(throws: PredictionError.emptyClass(name: "none")) {
            try trained.adapt(support: [image, SupportClass(name: "none", images: [])])
        }
        #expect(throws: PredictionError.repeatedClass(name: "class0")) { try trained.adapt(support: [image, image]) }
        #expect(throws: PredictionError.wrongImageSize(image: "support class 'small', image 1", found: 3, expected: 256, shape: "1×16×16")) {
            try trained.adapt(support: [image, SupportClass(name: "small", images: [[0, 0, 0]])])
        }
        #expect(throws: ImageError.self) {
            try trained.adapt(support: [image, SupportClass(name: "missing", imagePaths: [directory.file("none.png").path])])
        }
        // Fewer classes than the head has outputs, and unequal ones: MAML takes both.
        let unequal = [SupportClass(name: "a", images: [pixels, pixels]), SupportClass(name: "b", images: [pixels])]
        let predictions = try trained.adapt(support: unequal).classify([pixels])
        #expect(predictions.count == 1 && predictions[0].probabilities.count == 2)
        #expect(try trained.adapt(support: unequal).classify([]) == [])

        // A learner that does not say it takes unequal classes is refused them.
        let maml = try #require(BuiltinLearners.registry.descriptor(named: "maml"))
        var strict = LearnerRegistry()
        strict.register([LearnerDescriptor(name: maml.name, summary: maml.summary, hyperparameters: maml.hyperparameters, make: maml.make)])
        let equalOnly = try TrainedLearner(runDirectory: directory.file("run"), registry: strict, threads: 1)
        let error = #expect(throws: PredictionError.self) { try equalOnly.adapt(support: unequal) }
        #expect(error?.description == "learner 'maml' needs the same number of support images in every class, found 2 in 'a', 1 in 'b'")
    }

    @Test func aRunDirectoryWithoutCheckpointIsOneClearError() throws {
        let directory = try TemporaryDirectory()
        try RunFixtures.run(RunFixtures.spec(cache: directory.file("cache").path), in: directory.file("run"))
        try FileManager.default.createDirectory(at: directory.file("bare"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: directory.file("run/spec.json"), to: directory.file("bare/spec.json"))
        let error = #expect(throws: RunError.self) {
            try TrainedLearner(runDirectory: directory.file("bare"), registry: BuiltinLearners.registry)
        }
        #expect(error?.description.hasPrefix("\(directory.file("bare").path) holds no checkpoint") == true)
    }

    @Test func queryPathsExpandFoldersRecursively() throws {
        let directory = try TemporaryDirectory()
        for name in ["b/2.png", "b/sub/1.PNG", "a.png", "b/.hidden/3.png", "b/notes.txt", "c/notes.txt"] {
            try FileManager.default.createDirectory(at: directory.file(name).deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data().write(to: directory.file(name))
        }
        let root = directory.url.path
        #expect(try ImagePaths.expand([root + "/b", root + "/a.png"]) == [root + "/b/2.png", root + "/b/sub/1.PNG", root + "/a.png"])
        #expect(throws: PredictionError.missingPath(root + "/d")) { try ImagePaths.expand([root + "/d"]) }
        #expect(throws: PredictionError.noImages(paths: [root + "/c"])) { try ImagePaths.expand([root + "/c"]) }
    }
}
