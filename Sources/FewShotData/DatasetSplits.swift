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

    /// Splits `index` by `rule`. Throws `DatasetError` for a listed name the data set lacks, a class
    /// listed in two parts (every one of them, as `.several`), alphabet rules on a flat data set, bad
    /// fractions, or csv files asked of a data set not in the csv layout.
    public init(index: DatasetIndex, rule: SplitRule) throws(DatasetError) {
        switch rule {
        case .lists(let train, let validation, let test):
            let parts = try DatasetSplits.resolve(
                index: index, lists: [.train: train, .validation: validation, .test: test])
            self.init(train: parts[.train]!, validation: parts[.validation]!, test: parts[.test]!)

        case .csvFiles:
            guard index.layouts.allSatisfy({ $0 == .csv }) else { throw .notCSVLayout(roots: index.roots) }
            func ids(_ part: SplitPart) -> [Int] { index.classes.indices.filter { index.classes[$0].listedIn == part } }
            self.init(train: ids(.train), validation: ids(.validation), test: ids(.test))

        case .alphabetFractions(let train, let validation, let test, let seed):
            let alphabets = index.alphabets
            if alphabets.isEmpty { throw .noAlphabets(roots: index.roots) }
            let parts = try DatasetSplits.cut(
                alphabets.count, fractions: (train, validation, test), seed: seed, stream: 1)
            func ids(_ part: [Int]) -> [Int] {
                let names = Set(part.map { alphabets[$0] })
                return index.classes.indices.filter { index.classes[$0].alphabet.map(names.contains) ?? false }
            }
            self.init(train: ids(parts.0), validation: ids(parts.1), test: ids(parts.2))

        case .classFractions(let train, let validation, let test, let seed):
            let parts = try DatasetSplits.cut(
                index.classes.count, fractions: (train, validation, test), seed: seed, stream: 2)
            self.init(train: parts.0.sorted(), validation: parts.1.sorted(), test: parts.2.sorted())
        }
    }

    /// The class ids each part's names stand for, ascending. A name is an alphabet or an
    /// `alphabet/character` path when the data set has alphabets, a class name otherwise.
    private static func resolve(index: DatasetIndex, lists: [SplitPart: [ListedName]]) throws(DatasetError)
        -> [SplitPart: [Int]]
    {
        let hasAlphabets = !index.alphabets.isEmpty
        var byName: [String: [Int]] = [:]
        for (id, item) in index.classes.enumerated() {
            byName[item.qualifiedName, default: []].append(id)
            if let alphabet = item.alphabet { byName[alphabet, default: []].append(id) }
        }
        var owner: [Int: (part: SplitPart, listed: ListedName)] = [:]
        var problems: [DatasetError] = []
        for part in SplitPart.allCases {
            for listed in lists[part] ?? [] {
                guard let ids = byName[listed.name] else {
                    problems.append(
                        .unknownListedName(name: listed.name, source: listed.source, alphabets: hasAlphabets))
                    continue
                }
                for id in ids {
                    if let first = owner[id] {
                        if first.part != part {
                            problems.append(
                                .classInTwoSplits(
                                    name: index.classes[id].qualifiedName, first: first.part.rawValue,
                                    firstSource: first.listed.source, second: part.rawValue,
                                    secondSource: listed.source))
                            break  // one message per listed name is enough
                        }
                    } else {
                        owner[id] = (part, listed)
                    }
                }
            }
        }
        if !problems.isEmpty { throw .combining(problems) }
        var parts: [SplitPart: [Int]] = [.train: [], .validation: [], .test: []]
        for id in index.classes.indices { if let part = owner[id]?.part { parts[part]!.append(id) } }
        return parts
    }

    /// Shuffles `0..<count` with the seed and cuts it into three disjoint parts by fraction.
    static func cut(
        _ count: Int, fractions: (Double, Double, Double), seed: UInt64,
        stream: UInt64
    ) throws(DatasetError) -> ([Int], [Int], [Int]) {
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
        return (
            Array(order[0..<trainCount]),
            Array(order[trainCount..<(trainCount + validationCount)]),
            Array(order[(trainCount + validationCount)..<(trainCount + validationCount + testCount)])
        )
    }
}
