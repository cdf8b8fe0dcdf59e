extension ExperimentSpec {
    /// The problems that only the data reveals: a split with fewer classes than the largest episode's
    /// ways (with meta-dataset sampling, its fewest), or a class with fewer images than the largest
    /// episode takes from one (shots + queries; 2 with meta-dataset sampling). Errors name
    /// `episodes.ways` (or `trainWays`) and `episodes.shots` (or `sampling`) with the numbers found.
    ///
    /// - Parameter classImageCounts: for each split in use (`"train"`, `"validation"`, `"test"`), the image
    ///   count of each of its classes, after rotations (each rotated character counts as a class). The
    ///   validation split is only checked when the spec `validates`.
    /// With a `pretraining` phase, a batch larger than the training split's images is an error at
    /// `pretraining.batchSize`.
    public func dataErrors(classImageCounts: [String: [Int]]) -> [SpecError] {
        var errors: [SpecError] = []
        if let pretraining, let counts = classImageCounts["train"], counts.reduce(0, +) < pretraining.batchSize {
            errors.append(
                SpecError(
                    path: "pretraining.batchSize",
                    message: "a batch of \(pretraining.batchSize) images needs at least that many training images, "
                        + "but the train split has \(counts.reduce(0, +)); lower pretraining.batchSize"))
        }
        for split in ["train", "validation", "test"] {
            guard let counts = classImageCounts[split], split != "validation" || validates || validatesPretraining
            else { continue }
            errors += episodeDataErrors(split: split, classImageCounts: counts)
        }
        return errors
    }

    /// With `episodes.withinAlphabet`, what keeps episodes from being drawn within one alphabet: a data
    /// set without alphabets, or a split whose alphabets have fewer classes than an episode's ways
    /// (`trainWays` for training). Empty without `withinAlphabet`.
    ///
    /// - Parameter classAlphabets: for each split in use (`"train"`, `"validation"`, `"test"`), the alphabet
    ///   of each of its classes after rotations (nil for a class of a flat data set). The validation split is
    ///   only checked when the spec `validates`.
    public func withinAlphabetErrors(classAlphabets: [String: [String?]]) -> [SpecError] {
        guard episodes.withinAlphabet else { return [] }
        if classAlphabets.values.contains(where: { $0.contains(nil) }) {
            return [
                SpecError(
                    path: "episodes.withinAlphabet",
                    message: "the data set has no alphabets (its class folders lie directly "
                        + "under the root), so episodes cannot be drawn within one; remove withinAlphabet or use a ROOT/<alphabet>/<character> tree"
                )
            ]
        }
        var errors: [SpecError] = []
        for split in ["train", "validation", "test"] {
            guard let alphabets = classAlphabets[split]?.compactMap({ $0 }), split != "validation" || validates else {
                continue
            }
            let rule = split == "train" ? episodes.trainRule : episodes.rule
            let (key, ways) = (split == "train" && !rule.hasVariableWays ? "trainWays" : "ways", rule.classesNeeded)
            var order: [String] = []
            var classes: [String: Int] = [:]
            for alphabet in alphabets {
                if classes[alphabet] == nil { order.append(alphabet) }
                classes[alphabet, default: 0] += 1
            }
            let counts = order.map { (name: $0, classes: classes[$0]!) }
            let small = counts.filter { $0.classes < ways }
            guard !small.isEmpty else { continue }
            let listed =
                small.prefix(3).map { "\($0.name) (\($0.classes))" }.joined(separator: ", ")
                + (small.count > 3 ? ", …" : "")
            errors.append(
                SpecError(
                    path: "episodes.withinAlphabet",
                    message: "\(ways)-way episodes within one alphabet need \(ways) classes "
                        + "(rotations counted) in every alphabet of the \(split) split, but \(small.count) of its \(counts.count) have fewer: "
                        + "\(listed); lower episodes.\(key), split by alphabets that are large enough, or remove withinAlphabet"
                ))
        }
        return errors
    }

    /// The alphabets named in the spec's own split lists that the dataset lacks, each at its JSON path with
    /// the closest existing name as a suggestion. Names with a `/` (`alphabet/character` paths) are left to the
    /// split itself; so is every name when `alphabets` is empty (a data set without alphabets names classes).
    /// Empty for the other forms of split.
    public func alphabetErrors(available alphabets: [String]) -> [SpecError] {
        guard case .names(let train, let validation, let test) = dataset.split, !alphabets.isEmpty else { return [] }
        let known = Set(alphabets)
        return [("train", train), ("validation", validation), ("test", test)].flatMap { split, names in
            names.enumerated().filter { !known.contains($0.element) && !$0.element.contains("/") }.map {
                position, name in
                SpecError(
                    path: "dataset.split.\(split)[\(position)]",
                    message: "no alphabet '\(name)' in the dataset"
                        + Suggestion.hint(for: name, among: alphabets))
            }
        }
    }
}

extension ExperimentSpec {
    /// What keeps `split`, of classes of `counts` images, from giving the largest episode its rule draws.
    private func episodeDataErrors(split: String, classImageCounts counts: [Int]) -> [SpecError] {
        let rule = split == "train" ? episodes.trainRule : episodes.rule
        let ways = rule.classesNeeded
        var errors: [SpecError] = []
        switch rule {
        case .uniform(let waysRange, let shots, let queries):
            let key = split == "train" && waysRange.count == 1 ? "trainWays" : "ways"
            if counts.count < ways {
                errors.append(
                    SpecError(
                        path: "episodes.\(key)",
                        message: (waysRange.count == 1
                            ? "\(ways)-way episodes need \(ways) classes"
                            : "episodes of up to \(ways) ways need \(ways) classes")
                            + ", but the \(split) split has \(counts.count); "
                            + (waysRange.count == 1 ? "lower episodes.\(key)" : "lower the high end of episodes.ways")
                            + " or give the \(split) split more classes"))
            }
            if let smallest = counts.min(), smallest < rule.imagesNeeded {
                errors.append(
                    SpecError(
                        path: "episodes.shots",
                        message: (shots.count == 1 ? "\(shots.lowerBound) shots" : "up to \(shots.upperBound) shots")
                            + " + \(queries) queries need \(rule.imagesNeeded) images per class, but the smallest class "
                            + "of the \(split) split has \(smallest); lower episodes.shots or episodes.queries"))
            }
        case .metaDataset:
            if counts.count < ways {
                errors.append(
                    SpecError(
                        path: "episodes.ways",
                        message: "meta-dataset episodes of at least \(ways) ways need \(ways) classes, but the "
                            + "\(split) split has \(counts.count); lower the low end of episodes.ways or give the "
                            + "\(split) split more classes"))
            }
            if let smallest = counts.min(), smallest < rule.imagesNeeded {
                errors.append(
                    SpecError(
                        path: "episodes.sampling",
                        message: "meta-dataset sampling needs \(rule.imagesNeeded) images per class (a support "
                            + "image and a query), but the smallest class of the \(split) split has \(smallest); "
                            + "leave such classes out or use \"sampling\": \"fixed\""))
            }
        }
        return errors
    }
}
