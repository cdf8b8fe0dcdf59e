extension RunResult {
    /// The test episodes in words: "5-way 1-shot", or the rule of varying episodes ("meta-dataset").
    public var episodeShape: String { episodes ?? "\(ways)-way \(shots)-shot" }
}
