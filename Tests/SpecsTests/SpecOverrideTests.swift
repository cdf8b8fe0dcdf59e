import SpecTestSupport
import Specs
import Testing

/// `--set PATH=VALUE`: applied to the spec's JSON by path, validated like the file, errors naming the override.
@Suite struct SpecOverrideTests {
    static func spec(_ assignments: [String]) throws -> ExperimentSpec {
        let overrides = try assignments.map { assignment throws(SpecError) in try SpecOverride(assignment: assignment) }
        return try ExperimentSpec(document: JSONValue(parsing: designSpec), learners: TestLearners.all, overrides: overrides)
    }

    static func errors(_ assignments: [String]) -> [String] {
        do {
            _ = try spec(assignments)
            return []
        } catch let error as SpecErrors {
            return error.errors.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test func valuesAreJSONAndBareWordsAreStrings() throws {
        #expect(try SpecOverride(assignment: "learner.innerLR=0.1").value == .real(0.1))
        #expect(try SpecOverride(assignment: "seed=3").value == .integer(3))
        #expect(try SpecOverride(assignment: "dataset.rotations=[0, 90]").value == .array([.integer(0), .integer(90)]))
        #expect(try SpecOverride(assignment: "learner.name=protonet").value == .string("protonet"))
        #expect(try SpecOverride(assignment: #"name="a=b""#).value == .string("a=b"))
        #expect(try SpecOverride(assignment: "learner.firstOrder=true").value == .bool(true))
    }

    @Test func overridesChangeTheResolvedSpec() throws {
        let spec = try Self.spec(["learner.innerLR=0.1", "seed=3", "episodes.queries=7"])
        #expect(spec.learner.parameters.values["innerLR"] == .real(0.1))
        #expect(spec.seed == 3 && spec.episodes.queries == 7)
        #expect(spec.canonicalJSON.contains(#""innerLR": 0.1"#) && spec.canonicalJSON.contains(#""seed": 3"#))
        // A whole object replaces the section: protonet's hyperparameters, none of MAML's.
        #expect(try Self.spec([#"learner={"name": "protonet"}"#]).learner.name == "protonet")
    }

    @Test func errorsNameThePathAndTheOverride() {
        #expect(Self.errors(["learner.inerLR=0.1"])
                == ["learner.inerLR: unknown key 'inerLR' in learner; did you mean 'innerLR'? (from --set learner.inerLR=0.1)"])
        #expect(Self.errors(["seed=-1"]) == ["seed: must be an integer of at least 0, found -1 (from --set seed=-1)"])
        #expect(Self.errors(["episodes.ways=five"])
                == [#"episodes.ways: expected an integer from 2 to 10000, found the string "five" (from --set episodes.ways=five)"#])
        // One that cannot apply is reported beside every problem of the others.
        #expect(Self.errors(["dataset.imageSize.x=1", "seed=-1"]) == [
            "dataset.imageSize.x: cannot set a key inside dataset.imageSize: it holds the integer 28, not an object (from --set dataset.imageSize.x=1)",
            "seed: must be an integer of at least 0, found -1 (from --set seed=-1)",
        ])
    }

    @Test func malformedAssignmentsAreRefused() {
        #expect(throws: SpecError.self) { try SpecOverride(assignment: "learner.innerLR") }
        #expect(throws: SpecError.self) { try SpecOverride(assignment: "learner..innerLR=1") }
        #expect(throws: SpecError.self) { try SpecOverride(assignment: "=1") }
    }

    /// A value written as a JSON number (or array, object, quoted string) that is not valid JSON is
    /// refused with JSON's reason, not taken as a string that the spec then calls the wrong type.
    @Test func valuesMeantAsJSONMustBeValid() throws {
        #expect(throws: SpecError(path: "", message: "--set seed=1e400: the number 1e400 is too large")) {
            try SpecOverride(assignment: "seed=1e400")
        }
        #expect(throws: SpecError.self) { try SpecOverride(assignment: "dataset.rotations=[0, 90") }
        #expect(throws: SpecError.self) { try SpecOverride(assignment: #"name="open"#) }
        #expect(try SpecOverride(assignment: "name=2nd-run").value == .string("2nd-run"))
        #expect(try SpecOverride(assignment: "dataset.root=/data/omniglot").value == .string("/data/omniglot"))
    }
}
