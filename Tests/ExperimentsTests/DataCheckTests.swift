import SpecTestSupport
import Experiments
import Testing

@Suite struct DataCheckTests {
    let spec: ExperimentSpec

    init() throws {
        spec = try ExperimentSpec(json: minimalSpec(#""learner": {"name": "protonet"}, "episodes": {"ways": 5, "trainWays": 20, "shots": 5, "queries": 15}"#),
                                  learners: TestLearners.all)
    }

    @Test func enoughDataHasNoErrors() {
        #expect(spec.dataErrors(classImageCounts: ["train": Array(repeating: 20, count: 20), "validation": [20, 20, 20, 20, 20],
                                                   "test": [20, 20, 20, 20, 20, 25]]).isEmpty)
    }

    @Test func tooFewClassesAndImagesNameTheKeys() {
        let errors = spec.dataErrors(classImageCounts: ["train": Array(repeating: 20, count: 19), "validation": [20, 20, 20, 20, 20],
                                                        "test": [20, 20, 19, 20]])
        #expect(errors.map(\.description) == [
            "episodes.trainWays: 20-way episodes need 20 classes, but the train split has 19; lower episodes.trainWays or give the train split more classes",
            "episodes.ways: 5-way episodes need 5 classes, but the test split has 4; lower episodes.ways or give the test split more classes",
            "episodes.shots: 5 shots + 15 queries need 20 images per class, but the smallest class of the test split has 19; lower episodes.shots or episodes.queries",
        ])
    }

    @Test func validationIsCheckedOnlyWhenTheRunValidates() throws {
        let counts = ["train": Array(repeating: 20, count: 20), "validation": [1], "test": Array(repeating: 20, count: 5)]
        #expect(spec.dataErrors(classImageCounts: counts).map(\.path) == ["episodes.ways", "episodes.shots"])
        let quiet = try ExperimentSpec(json: minimalSpec(#""training": {"validateEvery": 0}"#), learners: TestLearners.all)
        #expect(quiet.dataErrors(classImageCounts: counts).isEmpty)
    }

    @Test func episodesWithinOneAlphabetNeedLargeEnoughAlphabets() throws {
        let within = try ExperimentSpec(json: minimalSpec(#""episodes": {"ways": 3, "withinAlphabet": true}, "training": {"validateEvery": 0}"#),
                                        learners: TestLearners.all)
        let large = ["train": ["A", "A", "A", "B", "B", "B"], "test": ["C", "C", "C"]]
        #expect(within.withinAlphabetErrors(classAlphabets: large).isEmpty)
        #expect(spec.withinAlphabetErrors(classAlphabets: ["test": [nil]]).isEmpty)  // not asked for
        let small = ["train": ["A", "A", "A", "B", "B", "B"], "test": ["C", "D", "C", "D", "E", "C"]]
        #expect(within.withinAlphabetErrors(classAlphabets: small).map(\.description) == [
            "episodes.withinAlphabet: 3-way episodes within one alphabet need 3 classes (rotations counted) in every alphabet of the test split, "
                + "but 2 of its 3 have fewer: D (2), E (1); lower episodes.ways, split by alphabets that are large enough, or remove withinAlphabet",
        ])
        #expect(within.withinAlphabetErrors(classAlphabets: ["train": [nil, nil, nil], "test": [nil, nil, nil]]).map(\.path)
                == ["episodes.withinAlphabet"])
    }

    @Test func unknownAlphabetsGetSuggestions() throws {
        let explicit = try ExperimentSpec(json: designSpec, learners: TestLearners.all)
        #expect(explicit.alphabetErrors(available: ["Korean", "Latin", "Greek"]).isEmpty)
        #expect(explicit.alphabetErrors(available: ["Korean", "Latin_Alphabet", "Greek"]).map(\.description) == [
            "dataset.split.train[1]: no alphabet 'Latin' in the dataset; expected one of 'Korean', 'Latin_Alphabet', 'Greek'",
        ])
        #expect(explicit.alphabetErrors(available: ["korean", "Latin", "Greek"]).map(\.description) == [
            "dataset.split.train[0]: no alphabet 'Korean' in the dataset; did you mean 'korean'?",
        ])
        #expect(spec.alphabetErrors(available: []).isEmpty)
    }
}
