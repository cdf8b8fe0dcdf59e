import BuiltinLearners
import Experiments
import Foundation
import MetaLearning
import Testing

/// Runs in bf16 numerics: the same bits on 1 or 2 threads, recorded as bf16, and refused before any
/// work where a CPU lacks AVX512-BF16.
@Suite(.serialized) struct BFloat16RunTests {
    /// A Conv-4 of 16 channels on 16×16 images: im2col's convolution and Winograd's both run.
    static func spec(_ numerics: NumericsMode, cache: URL) -> String {
        RunFixtures.spec(
            name: "bf16", learner: #""name": "protonet""#, model: #""name": "conv4", "hiddenChannels": 16"#,
            training: #""iterations": 6, "metaBatchSize": 2, "validateEvery": 3, "validationEpisodes": 10, "checkpointEvery": 3, "logEvery": 1"#,
            numerics: numerics, cache: cache.path)
    }

    @Test(.enabled(if: NumericsMode.bf16.missingFeature == nil, "this CPU lacks AVX512-BF16"))
    func sameBitsOnOneOrTwoThreadsAndApartFromFloat() throws {
        let directory = try TemporaryDirectory()
        let cache = directory.file("cache")
        let one = try RunFixtures.run(Self.spec(.bf16, cache: cache), in: directory.file("one"), threads: 1)
        let two = try RunFixtures.run(Self.spec(.bf16, cache: cache), in: directory.file("two"), threads: 2)
        #expect(one.test.episodeAccuracies == two.test.episodeAccuracies && one.validation == two.validation)
        #expect(one.numerics?.mode == .bf16 && one.numerics?.kernels == "AVX512-BF16 (VDPBF16PS)")
        let float = try RunFixtures.run(Self.spec(.fast, cache: cache), in: directory.file("float"))
        #expect(float.test.episodeAccuracies != one.test.episodeAccuracies, "bf16 numerics computed what fast did")
    }

    /// Under mpirun every rank must run the bfloat16 kernel: one rank without it stops every rank
    /// with the same error, naming it; Float modes ask nothing of the CPU.
    @Test func aRankWithoutTheInstructionsRefusesTheRun() throws {
        let group = LackingGroup(lacking: [1])
        #expect(throws: Never.self) { try NumericsMode.fast.requireSupport(across: group) }
        #expect(throws: Never.self) { try NumericsMode.portable.requireSupport(across: group) }
        do {
            try NumericsMode.bf16.requireSupport(across: group)
            Issue.record("bf16 ran with a rank lacking AVX512-BF16")
        } catch {
            #expect(
                error.description
                    == #"numerics "bf16" needs the avx512_bf16 instructions (AVX512-BF16) and the CPUs of ranks 1 lack it; use "fast" numerics, or run on a CPU that has them"#
            )
        }
        #expect(NumericsMode.bf16.missingFeature(bf16Supported: false) == "avx512_bf16")
        #expect(NumericsMode.bf16.missingFeature(bf16Supported: true) == nil)
        #expect(NumericsMode.fast.missingFeature(bf16Supported: false) == nil)
    }
}

/// Two ranks, as seen from rank 0, whose `lacking` ranks report a CPU without AVX512-BF16 (whatever
/// this CPU has).
private final class LackingGroup: ProcessGroup, @unchecked Sendable {
    let lacking: Set<Int>
    let rank = 0, size = 2
    init(lacking: Set<Int>) { self.lacking = lacking }

    func allGather(_ bytes: [UInt8]) -> [[UInt8]] {
        (0..<size).map { [lacking.contains($0) ? 1 : 0] }
    }

    func broadcastFromFirst(_ bytes: [UInt8]) -> [UInt8] { bytes }
}
