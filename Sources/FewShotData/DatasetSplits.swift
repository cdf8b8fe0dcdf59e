import SeededRandom

/// Index class ids of each split, each list in ascending order. No id is in two lists.
public struct DatasetSplits: Sendable, Hashable {
    public let train: [Int]
    public let validation: [Int]
    public let test: [Int]

    public init(train: [Int], validation: [Int], test: [Int]) {
        self.train = train
        self.validation = validation
        self.test = test
    }

    /// Splits `index` by `rule`. Throws `DatasetError` for unknown or repeated alphabets,
    /// alphabet rules on a flat data set, or bad fractions.
    public init(index: DatasetIndex, rule: SplitRule) throws(DatasetError) {
        switch rule {
        case .alphabets(let train, let validation, let test):
            let known = index.alphabets
            if known.isEmpty { throw .noAlphabets(roots: index.roots) }
            var owner: [String: String] = [:]
            for (part, names) in [("train", train), ("validation", validation), ("test", test)] {
                for name in names {
                    guard known.contains(name) else { throw .unknownAlphabet(name: name, known: known) }
                    if let first = owner[name] {
                        if first == part { continue }
                        throw .alphabetInTwoSplits(name: name, first: first, second: part)
                    }
                    owner[name] = part
                }
            }
            func ids(_ part: String) -> [Int] {
                index.classes.indices.filter { index.classes[$0].alphabet.map { owner[$0] == part } ?? false }
            }
            self.init(train: ids("train"), validation: ids("validation"), test: ids("test"))

        case .alphabetFractions(let train, let validation, let test, let seed):
            let alphabets = index.alphabets
            if alphabets.isEmpty { throw .noAlphabets(roots: index.roots) }
            let parts = try DatasetSplits.cut(alphabets.count, fractions: (train, validation, test), seed: seed, stream: 1)
            func ids(_ part: [Int]) -> [Int] {
                let names = Set(part.map { alphabets[$0] })
                return index.classes.indices.filter { index.classes[$0].alphabet.map(names.contains) ?? false }
            }
            self.init(train: ids(parts.0), validation: ids(parts.1), test: ids(parts.2))

        case .classFractions(let train, let validation, let test, let seed):
            let parts = try DatasetSplits.cut(index.classes.count, fractions: (train, validation, test), seed: seed, stream: 2)
            self.init(train: parts.0.sorted(), validation: parts.1.sorted(), test: parts.2.sorted())
        }
    }

    /// Shuffles `0..<count` with the seed and cuts it into three disjoint parts by fraction.
    static func cut(_ count: Int, fractions: (Double, Double, Double), seed: UInt64,
                    stream: UInt64) throws(DatasetError) -> ([Int], [Int], [Int]) {
        let (a, b, c) = fractions
        for f in [a, b, c] where !f.isFinite || f < 0 {
            throw .invalidSplitFractions("each fraction must be a number in [0, 1], got \(f)")
        }
        let total = a + b + c
        guard total <= 1 + 1e-9 else { throw .invalidSplitFractions("fractions sum to \(total), more than 1") }
        var order = Array(0..<count)
        var generator = SeededGenerator(seed: seed, stream: [0x5350_4C49_54, stream])  // "SPLIT"
        generator.shuffle(&order)
        let trainCount = min(count, Int((a * Double(count)).rounded()))
        let validationCount = min(count - trainCount, Int((b * Double(count)).rounded()))
        let rest = count - trainCount - validationCount
        let testCount = abs(total - 1) < 1e-9 ? rest : min(rest, Int((c * Double(count)).rounded()))
        return (Array(order[0..<trainCount]),
                Array(order[trainCount..<(trainCount + validationCount)]),
                Array(order[(trainCount + validationCount)..<(trainCount + validationCount + testCount)]))
    }
}
