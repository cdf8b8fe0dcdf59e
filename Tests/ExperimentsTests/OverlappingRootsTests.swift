import BuiltinLearners
import Experiments
import FewShotData
import Foundation
import Testing

/// Overlapping data set roots would count classes twice: `validate` and `run` refuse them.
@Suite struct OverlappingRootsTests {
    /// The same data set folder twice, or a folder and one inside it, is refused by validate and run.
    @Test func overlappingRootsAreRefusedByValidateAndRun() throws {
        let directory = try TemporaryDirectory()
        var spec = try RunFixtures.decode(RunFixtures.spec(cache: directory.file("cache").path))
        let root = RunFixtures.dataset
        let alphabet = try #require(try DatasetIndex(root: root).alphabets.first)
        for roots in [[root, root], [root, root + "/" + alphabet]] {
            spec.dataset.roots = roots
            let overlap = DatasetError.overlappingRoots(first: roots[0], second: roots[1])
            #expect(DataCheck.problems(spec) == [SpecError(path: "dataset.root", message: overlap.description)])
            let runSpec = spec
            #expect(throws: overlap) {
                try ExperimentRunner(spec: runSpec, registry: BuiltinLearners.registry,
                                     options: RunOptions(directory: directory.file("run"), resume: false, progress: .quiet, threads: 1)).run()
            }
        }
    }
}
