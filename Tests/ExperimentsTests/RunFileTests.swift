import SpecTestSupport
import Experiments
import Foundation
import MetaLearning
import Testing

@Suite struct AtomicFileTests {
    @Test func replacesContentsAndLeavesNoTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("result.json")
        try AtomicFile.write("first", to: file)
        try AtomicFile.write("second", to: file)
        #expect(try String(contentsOf: file, encoding: .utf8) == "second")
        #expect(try directory.contents() == ["result.json"])
    }

    @Test func missingDirectoryNamesTheFile() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("missing/result.json")
        let error = #expect(throws: RunFileError.self) { try AtomicFile.write("x", to: file) }
        #expect(error?.description == "cannot write \(file.path): creating a temporary file: No such file or directory")
    }
}

@Suite struct MetricsLogTests {
    let records = [
        MetricsRecord(iteration: 10, phase: .train, loss: 1.5, accuracy: 0.25, seconds: 2),
        MetricsRecord(iteration: 20, phase: .train, loss: .nan, accuracy: 0.5, seconds: 4),
        MetricsRecord(iteration: 20, phase: .validation, loss: 1.25, accuracy: 0.5, seconds: 5),
        MetricsRecord(iteration: 30, phase: .train, loss: .infinity, accuracy: 0.75, seconds: 6.5),
    ]

    @Test func appendsAndReadsBack() throws {
        let directory = try TemporaryDirectory()
        let log = MetricsLog(url: directory.file("metrics.jsonl"))
        #expect(try log.records().isEmpty)
        for record in records { try log.append(record) }
        let read = try log.records()
        #expect(read.count == 4)
        #expect(read[1].loss.isNaN)
        #expect(read[0] == records[0] && read[2] == records[2] && read[3] == records[3])
        let firstLine = try String(contentsOf: log.url, encoding: .utf8).split(separator: "\n")[0]
        #expect(firstLine == #"{"accuracy":0.25,"iteration":10,"loss":1.5,"phase":"train","seconds":2}"#)
    }

    /// A training record's learning rate and throughput are written among the sorted keys and read
    /// back; a line without them (an older log, or a validation record) reads with neither.
    @Test func learningRateAndThroughputAreOptional() throws {
        let directory = try TemporaryDirectory()
        let log = MetricsLog(url: directory.file("metrics.jsonl"))
        let record = MetricsRecord(
            iteration: 10, phase: .train, loss: 1.5, accuracy: 0.25, seconds: 2, learningRate: 0.001,
            imagesPerSecond: 640.5)
        try log.append(record)
        try log.append(records[2])
        let text = try String(contentsOf: log.url, encoding: .utf8)
        #expect(text.split(separator: "\n")[0] == #"{"accuracy":0.25,"imagesPerSecond":640.5,"iteration":10,"learningRate":0.001,"loss":1.5,"phase":"train","seconds":2}"#)
        let read = try log.records()
        #expect(read == [record, records[2]])
        #expect(read[1].learningRate == nil && read[1].imagesPerSecond == nil)
    }

    @Test func truncationKeepsRecordsUpToTheCheckpointAndDropsACutLine() throws {
        let directory = try TemporaryDirectory()
        let log = MetricsLog(url: directory.file("metrics.jsonl"))
        for record in records { try log.append(record) }
        let handle = try FileHandle(forWritingTo: log.url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"accuracy":0.7,"iter"#.utf8))
        try handle.close()
        #expect(try log.records().count == 4)  // the cut line is ignored
        try log.truncate { $0.iteration <= 20 }
        #expect(try log.records().map(\.iteration) == [10, 20, 20])
        let text = try String(contentsOf: log.url, encoding: .utf8)
        #expect(text.hasSuffix("\"phase\":\"validation\",\"seconds\":5}\n"))
        try log.append(records[3])
        #expect(try log.records().map(\.iteration) == [10, 20, 20, 30])
    }

    @Test func malformedLineIsNamed() throws {
        let directory = try TemporaryDirectory()
        let log = MetricsLog(url: directory.file("metrics.jsonl"))
        try AtomicFile.write(#"{"accuracy":0.25,"iteration":10,"loss":1.5,"phase":"train","seconds":2}"# + "\n{\"iteration\": 3}\n", to: log.url)
        let error = #expect(throws: RunFileError.self) { try log.records() }
        #expect(error?.description == "\(log.url.path) is malformed: line 2: missing key phase")
    }
}

@Suite struct RunResultTests {
    func result() throws -> RunResult {
        let spec = try ExperimentSpec(json: designSpec, learners: TestLearners.all)
        return RunResult(spec: spec, testAccuracies: [0.6, 0.8, 1.0, 0.8],
                         validation: .init(bestAccuracy: 0.9, bestIteration: 1800), trainSeconds: 125.5)
    }

    @Test func summarisesTheSpecAndTheTest() throws {
        let result = try result()
        #expect(result.name == "omniglot-5w1s-maml")
        #expect(result.learner == "maml" && result.model == "conv4")
        #expect(result.ways == 5 && result.shots == 1 && result.queries == 15 && result.seed == 1 && result.iterations == 2000)
        #expect(abs(result.test.accuracy - 0.8) < 1e-15)
        #expect(abs(result.test.ci95 - 0.1600333298618343) < 1e-15)
        #expect(result.test.episodes == 4)
        #expect(result.version == "0.1.0")
        #expect(result.specSHA256 == (try ExperimentSpec(json: designSpec, learners: TestLearners.all)).specSHA256)
        #expect(result.hyperparameters["innerLR"] == .real(0.4))
    }

    @Test func writesSortedKeysAndReadsBack() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("result.json")
        var original = try result()
        original.hyperparameters["innerLR"] = .real(0.5)
        try AtomicFile.write(original.jsonData(), to: file)
        let text = try String(contentsOf: file, encoding: .utf8)
        let topLevelKeys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(topLevelKeys == ["batchNorm", "hyperparameters", "iterations", "learner", "model", "name", "numerics", "queries", "seed", "shots",
                                 "specSHA256", "test", "trainSeconds", "validation", "version", "ways"])
        #expect(text.contains(#""innerLR" : 0.5,"#) && text.contains(#""firstOrder" : false"#))
        #expect(try RunResult(contentsOf: file) == original)
    }

    @Test func malformedFilesNameFileAndKey() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("result.json")
        try AtomicFile.write(#"{"name": "x"}"#, to: file)
        let missing = #expect(throws: RunFileError.self) { try RunResult(contentsOf: file) }
        #expect(missing?.description == "\(file.path) is malformed: missing key learner")
        try AtomicFile.write("{", to: file)
        let broken = #expect(throws: RunFileError.self) { try RunResult(contentsOf: file) }
        #expect(broken?.description == "\(file.path) is malformed: not valid JSON: line 1, column 2: unexpected end of the document; expected a key in double quotes"
                || broken?.description.hasPrefix("\(file.path) is malformed: not valid JSON: line 1") == true, "\(broken.map { "\($0)" } ?? "")")
        let absent = #expect(throws: RunFileError.self) { try RunResult(contentsOf: directory.file("none.json")) }
        #expect(absent?.description.hasPrefix("cannot read \(directory.file("none.json").path): ") == true)
    }

    /// Valid JSON with an integer beyond 2⁶³ is not "not valid JSON": the message names the key.
    @Test func anIntegerTooLargeIsNamedByItsPath() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("result.json")
        let text = try String(decoding: result().jsonData(), as: UTF8.self)
        try AtomicFile.write(text.replacingOccurrences(of: #""seed" : 1,"#, with: #""seed" : 99999999999999999999,"#), to: file)
        let error = #expect(throws: RunFileError.self) { try RunResult(contentsOf: file) }
        #expect(error?.description == "\(file.path) is malformed: the number at seed, 1e+20, is too large for an integer (at most 2^63 - 1)")
    }
}
