import BuiltinLearners
import Experiments
import Foundation
import Testing

/// The TensorBoard log a run writes beside `metrics.jsonl`, read back with `EventFileReader`.
@Suite(.serialized) struct TensorBoardRunTests {
    @Test func aRunLogsEveryRecordAsOneEvent() throws {
        let directory = try TemporaryDirectory()
        // SGD at 0.5 halved every 4 updates: the rate of update t is 0.5 · 0.5^⌊t/4⌋.
        let training = #""iterations": 12, "metaBatchSize": 2, "validateEvery": 4, "validationEpisodes": 10, "checkpointEvery": 4, "logEvery": 2, "optimizer": {"name": "sgd", "lr": 0.5}, "schedule": {"name": "step", "every": 4, "factor": 0.5}"#
        let run = directory.file("run")
        try RunFixtures.run(RunFixtures.spec(learner: #""name": "protonet""#, training: training, cache: directory.file("cache").path), in: run)
        let records = try TensorBoardFixtures.expectLogMatchesMetrics(in: run)
        let train = records.filter { $0.phase == .train }
        #expect(train.map(\.iteration) == [2, 4, 6, 8, 10, 12])
        #expect(train.map(\.learningRate) == [0.5, 0.5, 0.25, 0.25, 0.125, 0.125])
        // 2 tasks of 3 ways × (1 shot + 3 queries) per iteration, at some positive rate.
        #expect(train.allSatisfy { ($0.imagesPerSecond ?? 0) > 0 })
        let validation = records.filter { $0.phase == .validation }
        #expect(validation.map(\.iteration) == [4, 8, 12])
        #expect(validation.allSatisfy { $0.learningRate == nil && $0.imagesPerSecond == nil })
        let folder = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("tensorboard").path)
        #expect(folder.count == 2 && folder.contains("owner.json"))
        #expect(folder.contains { $0.hasPrefix("events.out.tfevents.") })
    }

    /// A crash after the first checkpoint (iteration 4): the log holds records past it and an event
    /// cut short. The resumed run rewrites the log from the records metrics.jsonl keeps and appends
    /// the rest, so every step appears once, with the uninterrupted run's numbers.
    @Test func aResumedRunLogsEveryStepOnce() throws {
        let directory = try TemporaryDirectory()
        // Nearest centroid learns nothing, so its best validation is the first (iteration 4): best.json
        // is then the checkpoint a run stopped right after iteration 4 would have left.
        let spec = RunFixtures.spec(
            learner: #""name": "nearest-centroid""#,
            training: #""iterations": 12, "metaBatchSize": 2, "validateEvery": 4, "validationEpisodes": 10, "checkpointEvery": 4, "logEvery": 2"#,
            cache: directory.file("cache").path)
        let whole = try RunFixtures.run(spec, in: directory.file("whole"))
        #expect(whole.validation?.bestIteration == 4)
        let crashed = directory.file("crashed")
        try FileManager.default.copyItem(at: directory.file("whole"), to: crashed)
        let fileManager = FileManager.default
        try fileManager.removeItem(at: crashed.appendingPathComponent("result.json"))
        try fileManager.removeItem(at: crashed.appendingPathComponent("checkpoint.json"))
        try fileManager.copyItem(at: crashed.appendingPathComponent("best.json"), to: crashed.appendingPathComponent("checkpoint.json"))
        let eventFile = try TensorBoardFixtures.eventFile(in: crashed)
        let handle = try FileHandle(forWritingTo: eventFile)
        try handle.seekToEnd()
        try handle.write(contentsOf: Array(TFRecord.framed(MetricsRecord(iteration: 14, phase: .train, loss: 1, accuracy: 1, seconds: 9).tensorBoardEvent(startTime: 0).encoded).prefix(20)))
        try handle.close()
        #expect(try EventFileReader.read(eventFile).cutShort)

        let resumed = try RunFixtures.run(spec, in: crashed, resume: true)
        #expect(resumed.test.episodeAccuracies == whole.test.episodeAccuracies)
        #expect(try TensorBoardFixtures.eventFile(in: crashed) == eventFile)
        let records = try TensorBoardFixtures.expectLogMatchesMetrics(in: crashed)
        let expected = try TensorBoardFixtures.expectLogMatchesMetrics(in: directory.file("whole"))
        #expect(records.map(TensorBoardFixtures.deterministic) == expected.map(TensorBoardFixtures.deterministic))
    }

    /// A TensorBoard folder from another run (here: another spec's, copied in) or holding another
    /// writer's event file is refused with one line naming it, and nothing in the run changes.
    @Test func anotherRunsTensorBoardFolderIsRefused() throws {
        let directory = try TemporaryDirectory()
        let cache = directory.file("cache").path
        try RunFixtures.run(RunFixtures.spec(name: "other", cache: cache), in: directory.file("other"))
        let spec = RunFixtures.spec(name: "mine", cache: cache)
        let run = directory.file("mine")
        try RunFixtures.run(spec, in: run)
        let folder = run.appendingPathComponent("tensorboard")
        let fileManager = FileManager.default

        try fileManager.removeItem(at: folder)
        try fileManager.copyItem(at: directory.file("other/tensorboard"), to: folder)
        var before = try TensorBoardFixtures.snapshot(run)
        var error = #expect(throws: RunError.self) { try RunFixtures.run(spec, in: run, resume: true) }
        #expect(error?.description.hasPrefix("\(folder.path) is not this run's TensorBoard folder: it was written by another run (spec SHA-256 ") == true)
        #expect(error?.description.contains("\n") == false)
        #expect(try TensorBoardFixtures.snapshot(run) == before)

        try fileManager.removeItem(at: folder)
        try RunFixtures.run(spec, in: run, resume: true)  // a missing log is rewritten from metrics.jsonl
        _ = try TensorBoardFixtures.expectLogMatchesMetrics(in: run)
        try Data([1, 2, 3]).write(to: folder.appendingPathComponent("events.out.tfevents.1.elsewhere"))
        before = try TensorBoardFixtures.snapshot(run)
        error = #expect(throws: RunError.self) { try RunFixtures.run(spec, in: run, resume: true) }
        #expect(error?.description == "\(folder.path) is not this run's TensorBoard folder: it holds files this run did not write (such as 'events.out.tfevents.1.elsewhere'); move it out of the run directory, or pass --out with another folder")
        #expect(try TensorBoardFixtures.snapshot(run) == before)
    }
}

/// Checks shared by the TensorBoard tests and the killed-run test.
enum TensorBoardFixtures {
    /// The run's one event file.
    static func eventFile(in run: URL) throws -> URL {
        let folder = run.appendingPathComponent("tensorboard")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("tfevents") }
        try #require(names.count == 1, "\(folder.path) holds \(names)")
        return folder.appendingPathComponent(names[0])
    }

    /// Expects the run's event file to hold the file version event, then one event per record of
    /// its metrics.jsonl, in order, with the record's step, wall time and every value; returns the records.
    @discardableResult
    static func expectLogMatchesMetrics(in run: URL) throws -> [MetricsRecord] {
        let records = try MetricsLog(url: run.appendingPathComponent("metrics.jsonl")).records()
        let (events, cutShort) = try EventFileReader.read(try eventFile(in: run))
        #expect(!cutShort)
        try #require(events.count == records.count + 1)
        #expect(events[0].fileVersion == "brain.Event:2" && events[0].scalars.isEmpty)
        let start = events[0].wallTime
        for (event, record) in zip(events.dropFirst(), records) {
            #expect(event.step == Int64(record.iteration))
            #expect(event.wallTime == start + record.seconds)
            var expected = ["\(record.phase.tensorBoardSection)/loss": Float(record.loss), "\(record.phase.tensorBoardSection)/accuracy": Float(record.accuracy)]
            expected["\(record.phase.tensorBoardSection)/learning_rate"] = record.learningRate.map(Float.init)
            expected["\(record.phase.tensorBoardSection)/images_per_second"] = record.imagesPerSecond.map(Float.init)
            #expect(event.scalars == expected)
            #expect(event.tags.count == expected.count)
        }
        var seen = Set<String>()
        for event in events.dropFirst() {
            for tag in event.tags { #expect(seen.insert("\(tag)@\(event.step)").inserted, "\(tag) logged twice at step \(event.step)") }
        }
        return records
    }

    /// A record without its timing fields, which differ run to run.
    static func deterministic(_ record: MetricsRecord) -> MetricsRecord {
        var record = record
        record.seconds = 0
        record.imagesPerSecond = nil
        return record
    }

    /// Every file under `run` (the lock aside) with its bytes.
    static func snapshot(_ run: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: run.path)
        while let name = enumerator?.nextObject() as? String {
            let url = run.appendingPathComponent(name)
            guard name != ".lock", !((try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false) else { continue }
            files[name] = try Data(contentsOf: url)
        }
        return files
    }
}
