import FewShotData
import Testing

@Suite struct DatasetSplitsTests {
    static let tree = TemporaryDirectory.omniglot(
        (0..<6).map { a in ("alphabet\(a)", (0..<5).map { ("c\($0)", 1) }) })

    func assertDisjoint(_ splits: DatasetSplits, total: Int) {
        let all = splits.train + splits.validation + splits.test
        #expect(Set(all).count == all.count, "a class is in two splits")
        #expect(all.allSatisfy { (0..<total).contains($0) })
    }

    /// Names written in the spec, each with its JSON path as its source.
    static func listed(_ names: [String], _ part: String) -> [ListedName] {
        names.enumerated().map { ListedName($1, source: "dataset.split.\(part)[\($0)]") }
    }

    static func lists(_ train: [String], _ validation: [String], _ test: [String]) -> SplitRule {
        .lists(train: listed(train, "train"), validation: listed(validation, "validation"), test: listed(test, "test"))
    }

    @Test func explicitAlphabets() throws {
        let index = try DatasetIndex(root: Self.tree.path)
        let splits = try DatasetSplits(index: index, rule: Self.lists(["alphabet0", "alphabet2"], ["alphabet1"], ["alphabet5"]))
        #expect(splits.train == Array(0..<5) + Array(10..<15))
        #expect(splits.validation == Array(5..<10))
        #expect(splits.test == Array(25..<30))
        assertDisjoint(splits, total: 30)
        #expect(throws: DatasetError.classInTwoSplits(name: "alphabet1/c0", first: "train", firstSource: "dataset.split.train[0]",
                                                      second: "test", secondSource: "dataset.split.test[0]")) {
            try DatasetSplits(index: index, rule: Self.lists(["alphabet1"], [], ["alphabet1"]))
        }
        #expect(throws: DatasetError.unknownListedName(name: "Klingon", source: "dataset.split.train[0]", alphabets: true)) {
            try DatasetSplits(index: index, rule: Self.lists(["Klingon"], [], []))
        }
    }

    /// Vinyals' Omniglot split lists `alphabet/character` paths; they mix with whole alphabets, and a
    /// character also covered by its alphabet in another part is an error naming both places.
    @Test func characterPathsAndAlphabetsMix() throws {
        let index = try DatasetIndex(root: Self.tree.path)
        let splits = try DatasetSplits(index: index, rule: Self.lists(["alphabet0/c1", "alphabet3"], ["alphabet0/c0"], ["alphabet4/c4"]))
        #expect(splits.train == [1, 15, 16, 17, 18, 19] && splits.validation == [0] && splits.test == [24])
        let clash = Self.lists(["alphabet0"], [], ["alphabet0/c3"])
        #expect(throws: DatasetError.classInTwoSplits(name: "alphabet0/c3", first: "train", firstSource: "dataset.split.train[0]",
                                                      second: "test", secondSource: "dataset.split.test[0]")) {
            try DatasetSplits(index: index, rule: clash)
        }
    }

    /// In a flat layout names are class folders; every unknown name and every class in two parts is
    /// reported at once, each naming where it is written.
    @Test func flatClassListsReportEveryProblem() throws {
        let tree = TemporaryDirectory("flat-lists")
        for name in ["cat", "dog", "emu", "fox"] { tree.write("\(name)/1.png", TemporaryDirectory.flatPNG(1)) }
        let index = try DatasetIndex(root: tree.path)
        #expect(index.layouts == [.flat])
        let splits = try DatasetSplits(index: index, rule: Self.lists(["fox", "cat"], [], ["emu"]))
        #expect(splits.train == [0, 3] && splits.validation == [] && splits.test == [2])
        let rule = SplitRule.lists(train: [ListedName("cat", source: "train.txt line 1"), ListedName("gnu", source: "train.txt line 2")],
                                   validation: [ListedName("cat", source: "val.txt line 4")],
                                   test: [ListedName("owl", source: "test.txt line 1")])
        #expect(throws: DatasetError.several([
            .unknownListedName(name: "gnu", source: "train.txt line 2", alphabets: false),
            .classInTwoSplits(name: "cat", first: "train", firstSource: "train.txt line 1", second: "validation", secondSource: "val.txt line 4"),
            .unknownListedName(name: "owl", source: "test.txt line 1", alphabets: false),
        ])) { try DatasetSplits(index: index, rule: rule) }
        #expect(DatasetError.unknownListedName(name: "gnu", source: "train.txt line 2", alphabets: false).description
                == "train.txt line 2: no class 'gnu' in the data set")
        #expect(throws: DatasetError.noAlphabets(roots: [tree.path])) {
            try DatasetSplits(index: index, rule: .alphabetFractions(train: 0.5, validation: 0, test: 0.5, seed: 1))
        }
        #expect(throws: DatasetError.notCSVLayout(roots: [tree.path])) { try DatasetSplits(index: index, rule: .csvFiles) }
    }

    /// Seeded fractions of a flat layout's classes: disjoint, whole, and the same for the same seed.
    @Test func flatClassFractionsAreSeeded() throws {
        let tree = TemporaryDirectory("flat-fractions")
        for c in 0..<20 { tree.write("class\(c)/1.png", TemporaryDirectory.flatPNG(1)) }
        let index = try DatasetIndex(root: tree.path, layout: .flat)
        let a = try DatasetSplits(index: index, rule: .classFractions(train: 0.6, validation: 0.15, test: 0.25, seed: 5))
        assertDisjoint(a, total: 20)
        #expect(a.train.count == 12 && a.validation.count == 3 && a.test.count == 5)
        #expect(a == (try DatasetSplits(index: index, rule: .classFractions(train: 0.6, validation: 0.15, test: 0.25, seed: 5))))
        #expect(a != (try DatasetSplits(index: index, rule: .classFractions(train: 0.6, validation: 0.15, test: 0.25, seed: 6))))
    }

    @Test func fractionsAreSeededDisjointAndWhole() throws {
        let index = try DatasetIndex(root: Self.tree.path)
        for seed: UInt64 in 0..<20 {
            let byAlphabet = try DatasetSplits(index: index, rule: .alphabetFractions(train: 0.5, validation: 0.17, test: 0.33, seed: seed))
            assertDisjoint(byAlphabet, total: 30)
            #expect(byAlphabet.train.count == 15 && byAlphabet.validation.count == 5 && byAlphabet.test.count == 10)
            // Whole alphabets: classes of one alphabet share a split.
            for part in [byAlphabet.train, byAlphabet.validation, byAlphabet.test] {
                #expect(Set(part.map { $0 / 5 }).count * 5 == part.count)
            }
            let byClass = try DatasetSplits(index: index, rule: .classFractions(train: 0.6, validation: 0.2, test: 0.2, seed: seed))
            assertDisjoint(byClass, total: 30)
            #expect(byClass.train.count + byClass.validation.count + byClass.test.count == 30)
        }
        let a = try DatasetSplits(index: index, rule: .classFractions(train: 0.6, validation: 0.2, test: 0.2, seed: 7))
        let b = try DatasetSplits(index: index, rule: .classFractions(train: 0.6, validation: 0.2, test: 0.2, seed: 7))
        let c = try DatasetSplits(index: index, rule: .classFractions(train: 0.6, validation: 0.2, test: 0.2, seed: 8))
        #expect(a == b && a != c)
        #expect(throws: DatasetError.self) {
            try DatasetSplits(index: index, rule: .classFractions(train: 0.8, validation: 0.2, test: 0.2, seed: 1))
        }
    }

    @Test func rotatedClassesStayInTheirSplit() throws {
        let index = try DatasetIndex(root: Self.tree.path)
        let dataset = try ImageDataset.load(index: index, transform: ImageTransform(imageSize: 8, rotations: [0, 90, 180, 270]),
                                            options: .uncached)
        let splits = try DatasetSplits(index: index, rule: .classFractions(train: 0.5, validation: 0.2, test: 0.3, seed: 3))
        let train = Set(dataset.classes(splits.train).map(\.sourceClass))
        let test = Set(dataset.classes(splits.test).map(\.sourceClass))
        #expect(train.isDisjoint(with: test))
        #expect(dataset.classes(splits.train).count == 4 * splits.train.count)
    }
}
