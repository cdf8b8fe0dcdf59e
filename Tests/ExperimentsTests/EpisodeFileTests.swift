import BuiltinLearners
import Experiments
import FewShotData
import Foundation
import Testing

/// Episode files: a spec's own episodes written by file give the run's own figures, and bad files
/// are one clear error each.
@Suite(.serialized) struct EpisodeFileTests {
    /// MAML on an MLP (a fixed-size head), and ProtoNet on a Conv-4 with rotated classes.
    @Test(arguments: [(#""name": "maml""#, #""name": "mlp", "hiddenUnits": [32]"#, "[0]"),
                      (#""name": "protonet""#, #""name": "conv4", "hiddenChannels": 4"#, "[0, 180]")])
    func exportedTestEpisodesGiveTheRunsOwnTestAccuracy(learner: String, model: String, rotations: String) throws {
        let directory = try TemporaryDirectory()
        let text = RunFixtures.spec(learner: learner, model: model, cache: directory.file("cache").path)
            .replacingOccurrences(of: #""invert": true,"#, with: #""invert": true, "rotations": \#(rotations),"#)
        let result = try RunFixtures.run(text, in: directory.file("run"))
        let spec = try RunFixtures.decode(text)
        let exported = try EpisodeFile.export(spec: spec, split: .test, count: spec.evaluation.episodes, threads: 2)
        #expect(exported.episodes.count == 20)
        #expect(exported.episodes.allSatisfy { $0.support.count == 3 && $0.query.count == 9 && $0.classNames.count == 3 })
        #expect(exported.episodes.allSatisfy { $0.support.allSatisfy { !$0.path.hasPrefix("/") } })
        if rotations != "[0]" {
            #expect(exported.episodes.contains { $0.support.contains { $0.rotation == 180 && $0.className.hasSuffix(" @180") } })
        }
        let file = directory.file("test-episodes.json").path
        try exported.write(to: file)
        let read = try EpisodeFile(contentsOf: file)
        #expect(read == exported)
        let trained = try TrainedLearner(runDirectory: directory.file("run"), registry: BuiltinLearners.registry, threads: 2)
        #expect(try trained.test(on: read, file: file) == result.test)
        // Relative to another root, the same episodes.
        let parent = URL(fileURLWithPath: RunFixtures.dataset).deletingLastPathComponent().path
        let elsewhere = try EpisodeFile.export(spec: spec, split: .test, count: 2, root: parent, threads: 2)
        #expect(try trained.test(on: elsewhere, file: file, root: parent).episodeAccuracies == Array(result.test.episodeAccuracies.prefix(2)))
    }

    @Test func validationEpisodesOfARunThatDoesNotValidateAreRefused() throws {
        let directory = try TemporaryDirectory()
        let spec = try RunFixtures.decode(RunFixtures.spec(training: #""iterations": 4, "validateEvery": 0"#, cache: directory.file("cache").path))
        let error = #expect(throws: EpisodeFileError.self) { try EpisodeFile.export(spec: spec, split: .validation, count: 3, threads: 1) }
        #expect(error?.description.hasPrefix("the spec draws no validation episodes") == true)
        let outside = #expect(throws: EpisodeFileError.self) {
            try EpisodeFile.export(spec: spec, split: .train, count: 1, root: "/nowhere", threads: 1)
        }
        #expect(outside?.description.hasPrefix(RunFixtures.dataset + "/alphabet") == true)
        #expect(outside?.description.contains(" is not under /nowhere, the root the episode file's paths are relative to") == true)
    }

    @Test(arguments: [
        ("{", "f.json: not valid JSON: line 1, column 2"),
        (#"{"format": "other", "version": 1, "episodes": []}"#, #"f.json: format: expected "metalearn-episodes", found the string "other"; is this an episode file?"#),
        (#"{"format": "metalearn-episodes", "version": 1, "episodes": []}"#, "f.json: episodes: expected a non-empty array of episodes, found an array"),
        (#"{"format": "metalearn-episodes", "version": 1, "episode": []}"#, "f.json: unknown key 'episode'; an episode file has 'format', 'version', 'source', 'episodes'"),
        (#"{"format": "metalearn-episodes", "version": 1, "episodes": [{"support": [{"image": "a.png", "class": "a"}]}]}"#,
         "f.json: episodes[0]: missing key 'query'"),
        (#"{"format": "metalearn-episodes", "version": 1, "episodes": [{"support": [{"image": "a.png", "class": 3}], "query": []}]}"#,
         "f.json: episodes[0].support[0].class: expected a non-empty string, found the integer 3"),
        (#"{"format": "metalearn-episodes", "version": 1, "episodes": [{"support": [{"image": "a.png", "class": "a", "rotation": 45}], "query": []}]}"#,
         "f.json: episodes[0].support[0].rotation: expected one of 0, 90, 180, 270, found the integer 45"),
        (#"{"format": "metalearn-episodes", "version": 1, "episodes": [{"support": [{"image": "a.png\u0000b", "class": "a"}], "query": []}]}"#,
         "f.json: episodes[0].support[0].image: the path holds a NUL character, which no file name can"),
    ])
    func malformedFilesNameTheirProblem(text: String, message: String) {
        let error = #expect(throws: EpisodeFileError.self) { try EpisodeFile(json: text, file: "f.json") }
        #expect(error?.description.hasPrefix(message) == true, "\(error?.description ?? "")")
    }

    @Test func badEpisodesAreOneClearErrorEach() throws {
        let directory = try TemporaryDirectory()
        let text = RunFixtures.spec(cache: directory.file("cache").path)
        try RunFixtures.run(text, in: directory.file("run"))
        let trained = try TrainedLearner(runDirectory: directory.file("run"), registry: BuiltinLearners.registry, threads: 2)
        let good = try EpisodeFile.export(spec: RunFixtures.decode(text), split: .test, count: 3, threads: 2)
        let root = RunFixtures.dataset

        var missing = good
        missing.episodes[1].query[2].path = "alphabet1/nothing.png"
        #expect(throws: EpisodeFileError.missingImage(file: "f.json", at: "episodes[1].query[2]", path: root + "/alphabet1/nothing.png")) {
            try trained.test(on: missing, file: "f.json")
        }
        #expect(EpisodeFileError.missingImage(file: "f.json", at: "episodes[1].query[2]", path: "r/x.png").description
                == "f.json: episodes[1].query[2]: image r/x.png does not exist (paths are relative to the root; pass --root to change it)")

        var stranger = good
        stranger.episodes[2].query[0].className = "someone else"
        let error = #expect(throws: EpisodeFileError.self) { try trained.test(on: stranger, file: "f.json") }
        #expect(error?.description == "f.json: episodes[2].query[0]: class 'someone else' is not in the episode's support (its classes: "
                + good.episodes[2].classNames.joined(separator: ", ") + ")")

        var wide = good
        wide.episodes[0].support.append(EpisodeFile.Image(path: good.episodes[1].support[0].path, className: "fourth"))
        #expect(throws: EpisodeFileError.unusableSupport(file: "f.json", at: "episodes[0].support",
                                                         .tooManyClasses(found: 4, most: 3, learner: "maml"))) {
            try trained.test(on: wide, file: "f.json")
        }

        let corrupt = directory.file("corrupt.png")
        try Data("not an image".utf8).write(to: corrupt)
        var unreadable = good
        unreadable.episodes[0].support[1].path = corrupt.path
        #expect(throws: EpisodeFileError.unreadableImage(file: "f.json", at: "episodes[0].support[1]", .unknownFormat(path: corrupt.path))) {
            try trained.test(on: unreadable, file: "f.json")
        }
        // A symbolic-link loop is not a missing image: the system's reason is given.
        let loop = directory.file("loop.png")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: loop.path)
        var looped = good
        looped.episodes[0].query[0].path = loop.path
        let loopError = #expect(throws: EpisodeFileError.self) { try trained.test(on: looped, file: "f.json") }
        #expect(loopError?.description.contains("Too many levels of symbolic links") == true, "\(loopError.map { "\($0)" } ?? "")")
        #expect(loopError?.description.contains("does not exist") == false)
    }

    /// A missing, non-UTF-8 or looping episode file is one line naming it and the system's reason.
    @Test func unreadableEpisodeFilesNameThemselvesAndTheReason() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.file("none.json").path
        let absent = #expect(throws: EpisodeFileError.self) { try EpisodeFile(contentsOf: missing) }
        #expect(absent?.description == missing + ": cannot read episode file: No such file or directory")
        let latin1 = directory.file("latin1.json")
        try Data([0x7B, 0xE9, 0x7D]).write(to: latin1)
        let notText = #expect(throws: EpisodeFileError.self) { try EpisodeFile(contentsOf: latin1.path) }
        #expect(notText?.description == latin1.path + ": cannot read episode file: not UTF-8 text")
        let loop = directory.file("loop.json")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: loop.path)
        let looping = #expect(throws: EpisodeFileError.self) { try EpisodeFile(contentsOf: loop.path) }
        #expect(looping?.description == loop.path + ": cannot read episode file: Too many levels of symbolic links")
    }
}
