extension ExperimentSpec {
    /// The problems that only the data reveals: a split with fewer classes than an episode's ways, or a
    /// class with fewer images than shots + queries. Errors name `episodes.ways` (or `trainWays`) and
    /// `episodes.shots` with the numbers found.
    ///
    /// - Parameter classImageCounts: for each split in use (`"train"`, `"validation"`, `"test"`), the image
    ///   count of each of its classes, after rotations (each rotated character counts as a class). The
    ///   validation split is only checked when the spec `validates`.
    public func dataErrors(classImageCounts: [String: [Int]]) -> [SpecError] {
        let needed = episodes.shots + episodes.queries
        var errors: [SpecError] = []
        for split in ["train", "validation", "test"] {
            guard let counts = classImageCounts[split], split != "validation" || validates else { continue }
            let (key, ways) = split == "train" ? ("trainWays", episodes.trainWays) : ("ways", episodes.ways)
            if counts.count < ways {
                errors.append(SpecError(path: "episodes.\(key)", message: "\(ways)-way episodes need \(ways) classes, but the "
                                        + "\(split) split has \(counts.count); lower episodes.\(key) or give the \(split) split more classes"))
            }
            if let smallest = counts.min(), smallest < needed {
                errors.append(SpecError(path: "episodes.shots", message: "\(episodes.shots) shots + \(episodes.queries) queries need "
                                        + "\(needed) images per class, but the smallest class of the \(split) split has \(smallest); "
                                        + "lower episodes.shots or episodes.queries"))
            }
        }
        return errors
    }

    /// The alphabets of an explicit split that the dataset lacks, each at its JSON path with the closest
    /// existing name as a suggestion. Empty for a split by fractions.
    public func alphabetErrors(available alphabets: [String]) -> [SpecError] {
        guard case .alphabets(let train, let validation, let test) = dataset.split else { return [] }
        let known = Set(alphabets)
        return [("train", train), ("validation", validation), ("test", test)].flatMap { split, names in
            names.enumerated().filter { !known.contains($0.element) }.map { position, name in
                SpecError(path: "dataset.split.\(split)[\(position)]", message: "no alphabet '\(name)' in the dataset"
                          + Suggestion.hint(for: name, among: alphabets))
            }
        }
    }
}
