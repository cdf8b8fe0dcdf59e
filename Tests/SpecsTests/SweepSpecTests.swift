import Foundation
import SpecTestSupport
import Specs
import Testing

/// Sweep files: reading, combinations in order with readable directory names, every combination checked.
@Suite struct SweepSpecTests {
    static func sweep(_ text: String) throws -> SweepSpec {
        try SweepSpec(json: text, defaultName: "s")
    }

    static func errors(_ text: String) -> [String] {
        do {
            _ = try SweepSpec(json: text, defaultName: "s")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    static let inlineBase = designSpec

    @Test func combinationsAreVariantsTimesGridTimesSeeds() throws {
        let sweep = try Self.sweep(#"""
        {"base": "b.json", "grid": {"learner.name": ["maml", "protonet"], "episodes.shots": [1, 5]},
         "variants": [{"episodes.ways": 5}, {"episodes.ways": 20, "episodes.queries": 5}], "seeds": [1, 2]}
        """#)
        let combinations = sweep.combinations
        #expect(combinations.count == 2 * 4 * 2)
        #expect(combinations[0].label == "episodes.ways=5,learner.name=maml,episodes.shots=1,seed=1")
        #expect(combinations[1].label == "episodes.ways=5,learner.name=maml,episodes.shots=1,seed=2")
        #expect(combinations[2].label == "episodes.ways=5,learner.name=maml,episodes.shots=5,seed=1")
        #expect(combinations[15].label == "episodes.ways=20,episodes.queries=5,learner.name=protonet,episodes.shots=5,seed=2")
        #expect(combinations.map(\.index) == Array(0..<16))
        #expect(sweep.name == "s" && sweep.base == .file("b.json"))
    }

    @Test func directoryNamesAreSafeAndNamedVariantsReadByName() throws {
        let sweep = try Self.sweep(#"""
        {"base": {}, "variants": [{"name": "omniglot-5w1s-maml", "episodes.shots": 1}, {"dataset.root": "a/b c"}],
         "grid": {"dataset.rotations": [[0, 90]]}}
        """#)
        #expect(sweep.combinations.map(\.label) == ["omniglot-5w1s-maml,dataset.rotations=[0, 90]",
                                                    "dataset.root=a/b c,dataset.rotations=[0, 90]"])
        #expect(sweep.combinations.map(\.directoryName) == ["omniglot-5w1s-maml,dataset.rotations=_0,_90_",
                                                            "dataset.root=a_b_c,dataset.rotations=_0,_90_"])
        let long = try Self.sweep(#"{"base": {}, "grid": {"name": ["\#(String(repeating: "x", count: 300))"]}}"#)
        #expect(long.combinations[0].directoryName.count == 200)
        #expect(try Self.sweep(#"{"base": {}}"#).combinations.map(\.directoryName) == ["base"])
    }

    @Test func mistakesAreReportedWithTheirPaths() {
        #expect(Self.errors(#"{"base": "b.json", "seed": [1]}"#) == ["seed: unknown key 'seed' in the top level; did you mean 'seeds'?"])
        #expect(Self.errors(#"{"grid": {}}"#) == [#"base: missing required key 'base' in the top level; add for example "base": "spec.json""#])
        #expect(Self.errors(#"{"base": 3}"#) == ["base: expected a spec file's path or a spec object, found the integer 3"])
        #expect(Self.errors(#"{"base": {}, "grid": {"learner.innerLR": 0.1}}"#)
                == ["grid.learner.innerLR: expected a non-empty list of the values learner.innerLR takes, found the number 0.1"])
        #expect(Self.errors(#"{"base": {}, "grid": {"learner..innerLR": [1]}}"#)
                == ["grid.learner..innerLR: 'learner..innerLR' is not a JSON path of spec keys such as learner.innerLR"])
        #expect(Self.errors(#"{"base": {}, "grid": {"seed": [1, 1]}}"#) == ["grid.seed[1]: 1 is listed twice; list each value once"])
        #expect(Self.errors(#"{"base": {}, "seeds": [1, 1]}"#) == ["seeds[1]: 1 is listed twice; list each value once"])
        // Values equal as numbers are one value, however they are written.
        #expect(Self.errors(#"{"base": {}, "grid": {"learner.innerLR": [1, 1.0]}}"#).first?.hasPrefix("grid.learner.innerLR[1]: 1") == true)
        #expect(Self.errors(#"{"base": {}, "grid": {"dataset.rotations": [[0, 90], [0.0, 90]]}}"#).first?
                    .hasPrefix("grid.dataset.rotations[1]: ") == true)
        #expect(Self.errors(#"{"base": {}, "grid": {"seed": [1]}, "seeds": [2]}"#) == ["grid.seed: seed is also given by seeds; set it in one place"])
        #expect(Self.errors(#"{"base": {}, "grid": {"episodes.shots": [1]}, "variants": [{"episodes.shots": 5}]}"#)
                == ["variants[0].episodes.shots: episodes.shots is also swept by grid; set it in one place"])
        #expect(Self.errors(#"{"base": {}, "variants": []}"#) == ["variants: expected a non-empty list of objects (JSON path → value), found an array"])
    }

    @Test func everyCombinationIsCheckedAndItsErrorsNameIt() throws {
        let sweep = try Self.sweep(#"""
        {"base": \#(designSpec), "grid": {"learner.innerLR": [0.1, -1], "learner.inner_steps": [2]}, "seeds": [1]}
        """#)
        let folder = URL(fileURLWithPath: "/nonexistent")
        let error = #expect(throws: SpecErrors.self) { try sweep.resolve(relativeTo: folder, learners: TestLearners.all) }
        #expect(error?.errors.map(\.description) == [
            "combination 1 (learner.innerLR=0.1,learner.inner_steps=2,seed=1): learner.inner_steps: unknown key 'inner_steps' in learner; "
                + "did you mean 'innerSteps'? (from sweep grid learner.inner_steps)",
            "combination 2 (learner.innerLR=-1,learner.inner_steps=2,seed=1): learner.innerLR: must be a number in [0, 10], found -1.0 "
                + "(from sweep grid learner.innerLR)",
            "combination 2 (learner.innerLR=-1,learner.inner_steps=2,seed=1): learner.inner_steps: unknown key 'inner_steps' in learner; "
                + "did you mean 'innerSteps'? (from sweep grid learner.inner_steps)",
        ])
        let good = try Self.sweep(#"{"base": \#(designSpec), "grid": {"learner.innerLR": [0.1, 0.4]}, "seeds": [1, 2]}"#)
        let specs = try good.resolve(relativeTo: folder, learners: TestLearners.all).map(\.1)
        #expect(specs.map(\.seed) == [1, 2, 1, 2])
        #expect(specs.map { $0.learner.parameters.values["innerLR"] } == [.real(0.1), .real(0.1), .real(0.4), .real(0.4)])
        #expect(specs.allSatisfy { $0.name == "omniglot-5w1s-maml" })
        let missing = try Self.sweep(#"{"base": "nowhere.json"}"#)
        let unread = #expect(throws: SpecErrors.self) { try missing.resolve(relativeTo: folder, learners: TestLearners.all) }
        #expect(unread?.errors.first?.description.hasPrefix("base: cannot read the spec file /nonexistent/nowhere.json") == true)
    }

    @Test func twoCombinationsMayNotShareADirectory() throws {
        let sweep = try Self.sweep(#"{"base": \#(designSpec), "grid": {"dataset.root": ["a/b", "a_b"]}}"#)
        let error = #expect(throws: SpecErrors.self) { try sweep.resolve(relativeTo: URL(fileURLWithPath: "/"), learners: TestLearners.all) }
        #expect(error?.errors.map(\.description) == ["combination 2 (dataset.root=a_b): same run directory as combination 1; make the values differ"])
    }
}
