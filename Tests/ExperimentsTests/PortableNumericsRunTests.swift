import BuiltinLearners
import Foundation
import Testing
import Experiments
import MetaLearning

/// Runs in portable numerics: their digits are fixed, whatever the CPU, its BLAS kernels or the
/// thread count. A Conv-4 of 16 channels on 16×16 images runs both the im2col convolution (the
/// first and last two layers) and Winograd's (the second).
@Suite(.serialized) struct PortableNumericsRunTests {
    static let model = #""name": "conv4", "hiddenChannels": 16"#
    static let training = #""iterations": 6, "metaBatchSize": 2, "validateEvery": 3, "validationEpisodes": 10, "checkpointEvery": 3, "logEvery": 1"#

    static func spec(_ learner: String, numerics: NumericsMode = .portable, cache: URL) -> String {
        RunFixtures.spec(name: "portable-\(learner)", learner: #""name": "\#(learner)""#, model: model, training: training,
                         numerics: numerics, cache: cache.path)
    }

    /// The cross-machine check. Unlike a numeric correctness test, its point is that these digits
    /// never move: they are what every x86-64 with AVX2 and FMA computes for these specs in
    /// portable numerics. A failure on another machine is a reproducibility bug; a change that moves
    /// them (the engine's order of operations, the data, a learner) updates them in a commit that
    /// says why.
    @Test(arguments: [("protonet", 0.5722222361713648, 0.08401137168344353, 0.6222222447395325),
                      ("maml", 0.5222222372889519, 0.07083286364665048, 0.5000000596046448)])
    func resultHoldsItsDigits(learner: String, accuracy: Double, ci95: Double, bestValidationAccuracy: Double) throws {
        let directory = try TemporaryDirectory()
        let result = try RunFixtures.run(Self.spec(learner, cache: directory.file("cache")), in: directory.file("run"))
        #expect(result.numerics?.mode == .portable)
        #expect(result.test.accuracy == accuracy)
        #expect(result.test.ci95 == ci95)
        #expect(result.validation?.bestAccuracy == bestValidationAccuracy)
    }

    /// The figures of a run directory that must not depend on the machine: every test episode's
    /// accuracy, the validation, and each logged loss and accuracy.
    static func figures(_ run: URL) throws -> [Double] {
        let result = try RunResult(contentsOf: run.appendingPathComponent("result.json"))
        let metrics = try MetricsLog(url: run.appendingPathComponent("metrics.jsonl")).records()
        return result.test.episodeAccuracies + [result.validation?.bestAccuracy ?? -1]
            + metrics.flatMap { [$0.loss, $0.accuracy] }
    }

    /// The OpenBLAS kernel sets this CPU can run (forcing one it lacks would crash).
    static var coreTypes: [String] {
        let features = Set(CPUFeatures.vectorExtensions)
        return ["Prescott"] + (features.isSuperset(of: ["avx2", "fma"]) ? ["Haswell"] : [])
            + (features.isSuperset(of: ["avx512f", "avx512bw", "avx512dq", "avx512vl"]) ? ["SkylakeX"] : [])
    }

    /// `metalearn run` as another process with OpenBLAS forced to `coreType`, on `threads` threads.
    static func runProcess(_ executable: URL, spec: URL, out: URL, coreType: String, threads: Int) throws -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["run", spec.path, "--out", out.path, "--threads", "\(threads)", "--quiet"]
        process.environment = ProcessInfo.processInfo.environment.merging(["OPENBLAS_CORETYPE": coreType]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Portable numerics give the same bits under every OpenBLAS kernel set this CPU runs, on 1 or 2
    /// threads; fast numerics, as a control, record which kernels ran and differ between them.
    @Test func sameBitsWhateverTheBLASKernelsOrThreads() throws {
        guard let executable = RunFixtures.executable else {
            Issue.record("the metalearn executable was not built beside the tests")
            return
        }
        let directory = try TemporaryDirectory()
        var figures: [[Double]] = [], fastFigures: [String: [Double]] = [:]
        for numerics in [NumericsMode.fast, .portable] {
            let spec = directory.file("\(numerics).json")
            try Self.spec("protonet", numerics: numerics, cache: directory.file("cache"))
                .write(to: spec, atomically: true, encoding: .utf8)
            for coreType in Self.coreTypes {
                for threads in numerics == .portable ? [1, 2] : [2] {
                    let out = directory.file("\(numerics)-\(coreType)-\(threads)")
                    #expect(try Self.runProcess(executable, spec: spec, out: out, coreType: coreType, threads: threads) == 0)
                    let recorded = try RunResult(contentsOf: out.appendingPathComponent("result.json")).numerics
                    if numerics == .fast {
                        #expect(recorded?.kernels == coreType)
                        fastFigures[coreType] = try Self.figures(out)
                    } else {
                        #expect(recorded?.kernels.hasPrefix("fixed-order") == true)
                        figures.append(try Self.figures(out))
                    }
                }
            }
        }
        #expect(figures.count == 2 * Self.coreTypes.count)
        #expect(figures.allSatisfy { $0 == figures[0] })
        if let prescott = fastFigures["Prescott"], let other = Self.coreTypes.last, other != "Prescott" {
            #expect(fastFigures[other] != prescott, "fast numerics gave the same bits with Prescott's and \(other)'s kernels")
        }
    }
}
