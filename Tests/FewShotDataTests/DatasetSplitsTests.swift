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

    @Test func explicitAlphabets() throws {
        let index = try DatasetIndex(root: Self.tree.path)
        let splits = try DatasetSplits(index: index, rule: .alphabets(train: ["alphabet0", "alphabet2"],
                                                                      validation: ["alphabet1"], test: ["alphabet5"]))
        #expect(splits.train == Array(0..<5) + Array(10..<15))
        #expect(splits.validation == Array(5..<10))
        #expect(splits.test == Array(25..<30))
        assertDisjoint(splits, total: 30)
        #expect(throws: DatasetError.alphabetInTwoSplits(name: "alphabet1", first: "train", second: "test")) {
            try DatasetSplits(index: index, rule: .alphabets(train: ["alphabet1"], validation: [], test: ["alphabet1"]))
        }
        #expect(throws: DatasetError.self) {
            try DatasetSplits(index: index, rule: .alphabets(train: ["Klingon"], validation: [], test: []))
        }
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
