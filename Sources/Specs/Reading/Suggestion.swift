/// Finds the candidate a misspelt word most likely meant, for "did you mean ...?" hints (spec keys, table settings).
public enum Suggestion {
    /// The candidate closest to `word` by case-insensitive edit distance, ignoring `_` and `-`
    /// (so `inner_lr` finds `innerLR`), if it is within a third of the word's length (at least 2 edits).
    /// Ties go to the earlier candidate.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let key = normalized(word)
        let limit = max(2, key.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(key, normalized(candidate))
            if distance <= limit, distance < best?.distance ?? .max {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// `"; did you mean 'innerLR'?"` when a candidate is close, otherwise `"; expected one of 'a', 'b'"`
    /// (or nothing for no candidates).
    public static func hint(for word: String, among candidates: [String]) -> String {
        if let match = closest(to: word, among: candidates) {
            return "; did you mean '\(match)'?"
        }
        guard !candidates.isEmpty else { return "" }
        return "; expected one of " + candidates.map { "'\($0)'" }.joined(separator: ", ")
    }

    /// The Levenshtein distance: the fewest insertions, deletions and substitutions turning `a` into `b`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let target = Array(b)
        var previous = Array(0...target.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in target.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[target.count]
    }

    private static func normalized(_ word: String) -> String {
        word.lowercased().filter { $0 != "_" && $0 != "-" }
    }
}
