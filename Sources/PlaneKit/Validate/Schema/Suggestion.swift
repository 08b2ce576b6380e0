/// "Did you mean ...?" for misspelt keys: the closest valid key by edit distance.
public enum Suggestion {
    public static func nearest(_ word: String, among candidates: [String]) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(word, candidate)
            if d <= max(2, word.count / 3), best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }

    public static func hint(for word: String, among candidates: [String]) -> String? {
        nearest(word, among: candidates).map { "did you mean \"\($0)\"?" }
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}
