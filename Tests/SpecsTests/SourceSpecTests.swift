import MetaLearning
import SpecTestSupport
import Specs
import Testing

/// `dataset.sources`: named data sets instead of one root, read, written back and refused.
@Suite struct SourceSpecTests {
    static func dataset(_ sources: String, _ extra: String = "") -> String {
        #""dataset": {"imageSize": 28, "color": "rgb""# + extra + #", "sources": ["# + sources + "]}"
    }
    static let two =
        #"{"name": "omni", "root": "a", "rotations": [0, 90]}, "#
        + #"{"name": "caltech", "root": ["b", "c"], "layout": "flat", "invert": false, "weight": 2.5, "use": "test"}"#

    @Test func sourcesDecodeWithTheirDefaultsAndRoundTrip() throws {
        let spec = try ExperimentSpec(json: minimalSpec(Self.dataset(Self.two)), learners: TestLearners.all)
        let sources = spec.dataset.sources
        #expect(spec.dataset.roots.isEmpty && sources.map(\.name) == ["omni", "caltech"])
        #expect(
            sources[0].roots == ["a"] && sources[0].weight == 1 && sources[0].use == .all && sources[0].invert == nil)
        #expect(sources[0].split == .standard && sources[0].rotations == [0, 90] && sources[0].trains)
        #expect(sources[1].roots == ["b", "c"] && sources[1].layout == .flat && sources[1].weight == 2.5)
        #expect(sources[1].use == .test && !sources[1].trains && sources[1].invert == false)
        // The data set's own keys are each source's defaults; the source's own win.
        let transform = spec.dataset.transform(of: sources[0])
        #expect(transform.rotations == [0, 90] && transform.format == .rgb && transform.imageSize == 28)
        #expect(spec.dataset.transform(of: sources[1]).rotations == [0])
        // Validation comes from the training source's split (the standard one has 20 %).
        #expect(spec.dataset.hasValidation && spec.validates)
        // spec.json holds neither a root nor a split of the data set, and reads back equal.
        let reread = try ExperimentSpec(json: spec.canonicalJSON, learners: TestLearners.all)
        #expect(reread == spec && reread.specSHA256 == spec.specSHA256)
        guard case .object(let members) = spec.resolvedJSON,
            case .object(let dataset)? = members.first(where: { $0.key == "dataset" })?.value
        else {
            Issue.record("no dataset section")
            return
        }
        #expect(!dataset.contains { $0.key == "root" || $0.key == "split" })
    }

    @Test func aSpecWithARootWritesWhatItWroteBefore() throws {
        let spec = try ExperimentSpec(json: minimalSpec(), learners: TestLearners.all)
        #expect(spec.dataset.sources.isEmpty && spec.dataset.roots == ["d"])
        #expect(!spec.canonicalJSON.contains("sources") && spec.canonicalJSON.contains("\"root\": \"d\""))
    }

    @Test(arguments: [
        // Two sources of one name.
        (
            #"{"name": "a", "root": "x"}, {"name": "a", "root": "y"}"#, "",
            ["dataset.sources[1].name: 'a' already names dataset.sources[0]; give every source a name of its own"]
        ),
        // root and sources are exclusive; so are the data set's split and layout.
        (
            #"{"name": "a", "root": "x"}"#, #", "root": "d""#,
            [
                "dataset.root: dataset.sources replaces dataset.root; name each data set's folder as a source's root, or remove dataset.sources"
            ]
        ),
        (
            #"{"name": "a", "root": "x"}"#, #", "split": {"fractions": {"train": 0.5, "test": 0.5}}"#,
            [
                "dataset.split: dataset.sources replaces dataset.split; give each source its own split, or remove dataset.sources"
            ]
        ),
        // No source trains.
        (
            #"{"name": "a", "root": "x", "use": "test"}, {"name": "b", "root": "y", "weight": 0}"#, "",
            [#"dataset.sources: no source trains: give at least one source "use": "all" and a positive weight"#]
        ),
        // Unknown keys get a suggestion; the input's shape is the data set's alone.
        (
            #"{"name": "a", "root": "x", "wieght": 2}"#, "",
            ["dataset.sources[0].wieght: unknown key 'wieght' in dataset.sources[0]; did you mean 'weight'?"]
        ),
        (
            #"{"name": "a", "root": "x", "imageSize": 84}"#, "",
            [
                "dataset.sources[0].imageSize: a source cannot set 'imageSize': every source is brought to dataset.imageSize; set it there"
            ]
        ),
        (
            #"{"name": "a", "root": "x", "color": "gray"}"#, "",
            [
                "dataset.sources[0].color: a source cannot set 'color': every source is brought to dataset.color (gray to RGB by replicating, RGB to gray by luminance); set it there"
            ]
        ),
        // Images that cannot be brought to one input: normalization of another channel count.
        (
            #"{"name": "a", "root": "x"}"#, #", "normalize": {"mean": [0.5], "std": [0.2]}"#,
            [#"dataset.normalize: give one mean and one std per channel: 3 for "color": "rgb", got 1 and 1"#]
        ),
        // A source without a usable split.
        (
            #"{"name": "a", "root": "x", "layout": "csv", "split": {"fractions": {"train": 0.5, "test": 0.5}}}"#, "",
            [
                "dataset.sources[0].split: the csv layout takes its split from the roots' train.csv, val.csv and test.csv; remove dataset.sources[0].split, or choose another dataset.sources[0].layout"
            ]
        ),
        (
            #"{"name": "a", "root": "x", "split": {"train": ["p"]}}"#, "",
            [
                #"dataset.sources[0].split.test: missing required key 'test' in dataset.sources[0].split; list names, name list files, give "file", or give "fractions" instead"#
            ]
        ),
        // Missing and malformed keys.
        (
            #"{"root": "x"}"#, "",
            [
                #"dataset.sources[0].name: missing required key 'name' in dataset.sources[0]; add for example "name": "omniglot""#
            ]
        ),
        (
            #"{"name": "a", "root": "x", "weight": -1}"#, "",
            ["dataset.sources[0].weight: must be a number of at least 0, found -1.0"]
        ),
    ])
    func refusals(sources: String, extra: String, expected: [String]) {
        #expect(errorsWith(Self.dataset(sources, extra)).map(\.description) == expected)
    }

    @Test func anEmptyListOfSourcesIsRefused() {
        #expect(
            errorsWith(#""dataset": {"sources": []}"#).map(\.description) == [
                "dataset.sources: expected a non-empty array of objects, found an array; add an object or remove the key"
            ])
        #expect(errorsWith(#""dataset": {"imageSize": 28}"#).map(\.path) == ["dataset.root"])
    }
}
