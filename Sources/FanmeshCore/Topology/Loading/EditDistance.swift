/// Suggestions for misspelt keys, by Levenshtein distance.
enum EditDistance {
    /// The candidate closest to `word`, if it is at most two edits away and nearer than the rest.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { (candidate: $0, distance: distance(word, $0)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= 2,
            best.distance < word.count, scored.filter({ $0.distance == best.distance }).count == 1
        else { return nil }
        return best.candidate
    }

    /// The number of single-character insertions, deletions and substitutions turning `a` into `b`.
    static func distance(_ a: String, _ b: String) -> Int {
        let b = Array(b)
        var previous = Array(0...b.count)
        for (i, characterA) in a.enumerated() {
            var current = [i + 1]
            for (j, characterB) in b.enumerated() {
                let substitution = previous[j] + (characterA == characterB ? 0 : 1)
                current.append(min(previous[j + 1] + 1, current[j] + 1, substitution))
            }
            previous = current
        }
        return previous[b.count]
    }
}
