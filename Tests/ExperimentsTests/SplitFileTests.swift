import BuiltinLearners
import Experiments
import FewShotData
import Foundation
import Testing

/// Published splits as files, the flat and csv layouts, and the problems `validate` (`DataCheck`) and
/// `run` (`ExperimentData`) report about them before anything trains.
@Suite struct SplitFileTests {
    /// Writes `text` at `relative` under `root`, creating folders.
    static func write(_ root: URL, _ relative: String, _ text: String) throws {
        try write(root, relative, Data(text.utf8))
    }

    static func write(_ root: URL, _ relative: String, _ data: Data) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// An 8x8 gray PNG of one value.
    static func png(_ value: UInt8) throws -> Data {
        Data(try PNGFormat.encode(RasterImage(width: 8, height: 8, format: .gray, pixels: [UInt8](repeating: value, count: 64))))
    }

    /// A flat tree `root/data/<class>/<n>.png`, `counts[class]` images each.
    static func flatTree(_ counts: [String: Int]) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        for (name, count) in counts {
            for i in 0..<count { try write(directory.url, "data/\(name)/\(i).png", png(UInt8(i))) }
        }
        return directory
    }

    /// A spec over `root` whose `dataset` section has `dataset` added; 2-way 1-shot 1-query.
    static func spec(_ root: URL, _ dataset: String, validateEvery: Int = 0, episodes: String = #""ways": 2, "shots": 1, "queries": 1"#) throws -> ExperimentSpec {
        try ExperimentSpec(json: """
            {"name": "t", "dataset": {"root": "\(root.appendingPathComponent("data").path)", "imageSize": 8,
             "cacheDirectory": "\(root.appendingPathComponent("cache").path)"\(dataset.isEmpty ? "" : ", " + dataset)},
             "episodes": {\(episodes)}, "learner": {"name": "protonet"}, "model": {"name": "mlp", "hiddenUnits": [8]},
             "training": {"iterations": 1, "validateEvery": \(validateEvery)}, "evaluation": {"episodes": 2}}
            """, learners: BuiltinLearners.registry)
    }

    static let animals = ["cat": 3, "dog": 3, "emu": 3, "fox": 3, "gnu": 3, "owl": 3]

    /// Text and JSON list files, read from the data root, give the split `run` uses. (A folder in a flat
    /// root is a class: lists in a folder of their own sit beside the root, as in CIFAR-FS.)
    @Test func listFilesGiveTheSplit() throws {
        let directory = try Self.flatTree(Self.animals)
        try Self.write(directory.url, "data/train.txt", "# Bertinetto et al.\ncat\r\n\n  fox  \ngnu\n")
        try Self.write(directory.url, "splits/val.txt", "dog\nemu\n")
        try Self.write(directory.url, "splits/test.json", #"["owl", "dog"]"#)
        let spec = try Self.spec(directory.url, #""layout": "flat", "split": {"train": "train.txt", "validation": "../splits/val.txt", "test": "../splits/test.json"}"#)
        let root = spec.dataset.roots[0]
        #expect(try SplitLists.rule(spec.dataset) == .lists(
            train: [ListedName("cat", source: root + "/train.txt line 2"), ListedName("fox", source: root + "/train.txt line 4"),
                    ListedName("gnu", source: root + "/train.txt line 5")],
            validation: [ListedName("dog", source: root + "/../splits/val.txt line 1"), ListedName("emu", source: root + "/../splits/val.txt line 2")],
            test: [ListedName("owl", source: root + "/../splits/test.json: [0]"), ListedName("dog", source: root + "/../splits/test.json: [1]")]))
        #expect(DataCheck.problems(spec) == [SpecError(path: "", message: root + "/../splits/test.json: [1]: class 'dog' is put in the test split "
                                                       + "but is already in the validation split (" + root + "/../splits/val.txt line 1); a class may be in one split only")])
        try Self.write(directory.url, "splits/test.json", #"["owl", "yak"]"#)
        try Self.write(directory.url, "data/train.txt", "cat\nfox\nbat\n")
        #expect(DataCheck.problems(spec).map(\.description) == [
            root + "/train.txt line 3: no class 'bat' in the data set",
            root + "/../splits/test.json: [1]: no class 'yak' in the data set",
        ])
        try Self.write(directory.url, "data/train.txt", "cat\nfox\n")
        try Self.write(directory.url, "splits/test.json", #"["owl", "gnu"]"#)
        #expect(DataCheck.problems(spec) == [])
        let data = try ExperimentData(spec: spec, threads: 1)
        #expect(data.train.classes.map(\.name) == ["cat", "fox"] && data.test.classes.map(\.name) == ["gnu", "owl"])
    }

    /// One JSON file holds the three lists; every bad entry of it is reported, each at its JSON path.
    @Test func oneJSONFileHoldsTheThreeLists() throws {
        let directory = try Self.flatTree(Self.animals)
        try Self.write(directory.url, "data/split.json", #"{"train": ["cat", "dog"], "validation": ["emu", "owl"], "test": ["fox", "gnu"]}"#)
        let spec = try Self.spec(directory.url, #""split": {"file": "split.json"}"#, validateEvery: 1)
        #expect(DataCheck.problems(spec) == [])
        #expect(try ExperimentData(spec: spec, threads: 1).validation?.classes.map(\.name) == ["emu", "owl"])
        let file = spec.dataset.roots[0] + "/split.json"
        try Self.write(directory.url, "data/split.json", #"{"train": ["cat", 3], "test": "fox", "tset": []}"#)
        #expect(DataCheck.problems(spec) == [
            SpecError(path: "dataset.split.file", message: file + ": unknown key 'tset'; a split file holds \"train\", \"validation\" and \"test\""),
            SpecError(path: "dataset.split.file", message: file + ": train[1]: expected a non-empty string, found the integer 3"),
            SpecError(path: "dataset.split.file", message: file + ": test must be a list of names, found the string \"fox\""),
        ])
        try FileManager.default.removeItem(atPath: file)
        #expect(DataCheck.problems(spec).map(\.path) == ["dataset.split.file"])
        #expect(DataCheck.problems(spec)[0].message.hasPrefix(file + ": cannot read the split file: "))
    }

    /// Vinyals' Omniglot split lists `alphabet/character` paths, which mix with whole alphabets.
    @Test func omniglotCharacterPaths() throws {
        let directory = try TemporaryDirectory()
        for alphabet in ["Greek", "Latin"] {
            for character in ["a", "b", "c"] {
                for i in 0..<2 { try Self.write(directory.url, "data/\(alphabet)/\(character)/\(i).png", Self.png(UInt8(i))) }
            }
        }
        try Self.write(directory.url, "data/vinyals.json", #"{"train": ["Greek/a", "Greek/b", "Latin"], "test": ["Greek/c", "Greek/a"]}"#)
        let spec = try Self.spec(directory.url, #""split": {"file": "vinyals.json"}"#)
        #expect(DataCheck.problems(spec).map(\.message) == [
            spec.dataset.roots[0] + "/vinyals.json: test[1]: class 'Greek/a' is put in the test split but is already in the train split ("
                + spec.dataset.roots[0] + "/vinyals.json: train[0]); a class may be in one split only",
        ])
        let inline = try Self.spec(directory.url, #""split": {"train": ["Greek/a", "Latin"], "test": ["Greek/c", "Greek/b"]}"#)
        #expect(DataCheck.problems(inline) == [])
        #expect(try ExperimentData(spec: inline, threads: 1).train.classes.map(\.name) == ["Greek/a", "Latin/a", "Latin/b", "Latin/c"])
    }

    /// Class names in the spec's own lists of a flat data set; seeded fractions of its classes.
    @Test func flatNamesAndClassFractions() throws {
        let directory = try Self.flatTree(Self.animals)
        let named = try Self.spec(directory.url, #""split": {"train": ["cat", "dog", "yak"], "test": ["emu", "fox"]}"#)
        #expect(DataCheck.problems(named).map(\.description) == ["dataset.split.train[2]: no class 'yak' in the data set"])
        let fractions = try Self.spec(directory.url, #""split": {"fractions": {"train": 0.5, "test": 0.5}, "of": "classes", "seed": 4}"#)
        #expect(DataCheck.problems(fractions) == [])
        let data = try ExperimentData(spec: fractions, threads: 1)
        #expect(data.train.classes.count == 3 && data.test.classes.count == 3)
        #expect(Set(data.train.classes.map(\.name)).isDisjoint(with: data.test.classes.map(\.name)))
    }

    /// A class too small for shots + queries, and empty class folders, in a flat layout.
    @Test func tooSmallAndEmptyClassesOfAFlatLayout() throws {
        let directory = try Self.flatTree(["cat": 3, "dog": 3, "emu": 1, "fox": 3])
        let spec = try Self.spec(directory.url, #""split": {"train": ["cat", "dog"], "test": ["emu", "fox"]}"#)
        #expect(DataCheck.problems(spec).map(\.description) == [
            "episodes.shots: 1 shots + 1 queries need 2 images per class, but the smallest class of the test split has 1; lower episodes.shots or episodes.queries",
        ])
        for name in ["gnu", "owl"] { try FileManager.default.createDirectory(at: directory.file("data/" + name), withIntermediateDirectories: true) }
        let root = spec.dataset.roots[0]
        #expect(DataCheck.problems(spec).map(\.description) == [
            "dataset.root: \(root)/gnu: class folder holds no PNG or JPEG images", "dataset.root: \(root)/owl: class folder holds no PNG or JPEG images",
        ])
    }

    /// The csv layout: the CSV files give the split; every missing image is reported by `validate`.
    @Test func csvLayout() throws {
        let directory = try TemporaryDirectory()
        var rows: [String: [String]] = [:]
        for (csv, labels) in [("train.csv", ["n01", "n02"]), ("val.csv", ["n03", "n04"]), ("test.csv", ["n05", "n06"])] {
            for label in labels {
                for i in 0..<2 {
                    try Self.write(directory.url, "data/images/\(label)\(i).png", Self.png(UInt8(i)))
                    rows[csv, default: ["filename,label"]].append("\(label)\(i).png,\(label)")
                }
            }
        }
        for (csv, lines) in rows { try Self.write(directory.url, "data/" + csv, lines.joined(separator: "\n")) }
        let spec = try Self.spec(directory.url, #""layout": "csv""#, validateEvery: 1)
        #expect(spec.dataset.split == .csvFiles)
        #expect(DataCheck.problems(spec) == [])
        let data = try ExperimentData(spec: spec, threads: 1)
        #expect(data.train.classes.map(\.name) == ["n01", "n02"] && data.validation?.classes.map(\.name) == ["n03", "n04"]
                && data.test.classes.map(\.name) == ["n05", "n06"])
        // Exported episodes name a class by its label, not by the images folder all classes share.
        let file = try EpisodeFile.export(spec: spec, split: .test, count: 1, threads: 1)
        #expect(Set(file.episodes[0].classNames) == ["n05", "n06"])
        #expect(file.episodes[0].support.allSatisfy { $0.path.hasPrefix("images/" + $0.className) })
        try Self.write(directory.url, "data/test.csv", (rows["test.csv"]! + ["gone.png,n05", "n01.jpg,n06"]).joined(separator: "\n"))
        let root = spec.dataset.roots[0]
        #expect(DataCheck.problems(spec).map(\.description) == [
            "dataset.root: \(root)/test.csv line 6: image 'gone.png' is not in \(root)/images",
            "dataset.root: \(root)/test.csv line 7: image 'n01.jpg' is not in \(root)/images",
        ])
        #expect(throws: DatasetError.self) { try ExperimentData(spec: spec, threads: 1) }
    }
}
