import Foundation

/// How text becomes search terms, the same for what is indexed and what is searched (docs/search.md):
/// lower case, split into words of letters and digits, Dutch stop words left out, each word reduced to its stem
/// by the Snowball Dutch algorithm (`DutchStemmer`, which reads the accents: "geëvalueerd"), then the stem's
/// accents removed and doubled vowels made single, so "participeren" and "participatie" meet. A searched term
/// also finds the compounds it ends ("participatie" finds "burgerparticipatie"): Dutch puts a compound's head last.
public enum SearchText {
    /// Terms shorter than this only match whole: "raad" (term "rad") finds "gemeenteraad", "ra" only "ra".
    public static let minimumCompoundPart = 3
    /// A longer word is cut (no Dutch word is this long; it keeps hostile input cheap).
    public static let maximumWordLength = 40

    /// The words of a text, in lower case, accents kept: letters and digits, everything else separates.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var length = 0
        let ascii = text.utf8.allSatisfy { $0 < 0x80 }
        for character in (ascii ? text : text.precomposedStringWithCanonicalMapping).lowercased() {
            if character.isLetter || character.isNumber {
                if length < maximumWordLength {
                    current.append(character)
                    length += 1
                }
            } else if !current.isEmpty {
                words.append(current)
                current = ""
                length = 0
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The search term of one word from `words`, or nil for a stop word or a word of no Latin letters or digits.
    /// Terms hold only `a`–`z` and `0`–`9`.
    public static func term(ofWord word: String) -> String? {
        guard !stopWords.contains(fold(word)) else { return nil }
        let term = singleVowels(String(String.UnicodeScalarView(fold(DutchStemmer.stem(word)).unicodeScalars.filter(isTermScalar))))
        return term.isEmpty ? nil : term
    }

    /// The terms of a text with how often each occurs.
    public static func termCounts(_ text: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for word in words(text) {
            if let term = term(ofWord: word) { counts[term, default: 0] += 1 }
        }
        return counts
    }

    /// Whether an indexed term answers a searched one, and how well: the same term, or a compound ending in it.
    public static func match(indexed: String, searched: String) -> TermMatch? {
        if indexed == searched { return .exact }
        if searched.utf8.count >= minimumCompoundPart, indexed.utf8.count > searched.utf8.count, indexed.hasSuffix(searched) {
            return .compound
        }
        return nil
    }

    public enum TermMatch: Sendable {
        case exact, compound

        /// A compound match counts for less than the word itself.
        public var weight: Double { self == .exact ? 1 : 0.6 }
    }

    /// Lower case without accents ("Geëvalueerd" → "geevalueerd", "Fryslân" → "fryslan").
    public static func fold(_ text: String) -> String {
        // Most words are plain ASCII: lower case is all they need, without Foundation's slower folding.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    static func isTermScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// "participeer" → "participer": Dutch doubles a vowel in an open syllable, so the same stem is spelled both ways.
    static func singleVowels(_ stem: String) -> String {
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in stem.unicodeScalars {
            if scalar == previous, "aeou".unicodeScalars.contains(scalar) { continue }
            out.append(scalar)
            previous = scalar
        }
        return String(out)
    }

    /// Words that say nothing on their own: searching "de" or "het" finds nothing rather than everything.
    public static let stopWords: Set<String> = [
        "aan", "al", "als", "bij", "dan", "dat", "de", "den", "der", "des", "deze", "die", "dit", "door", "dus", "een", "en", "er",
        "het", "hij", "hoe", "ik", "in", "is", "je", "ja", "maar", "met", "na", "naar", "nee", "niet", "noch", "nu", "of", "om",
        "onder", "ons", "ook", "op", "over", "te", "ten", "ter", "tot", "u", "uit", "van", "voor", "waar", "wat", "we", "wie",
        "wij", "zal", "ze", "zij", "zich", "zo", "zou", "the", "a", "an", "and", "or", "of", "to", "for", "on", "at", "by",
    ]
}

/// What a person typed in the search box, made safe: at most 200 characters read, at most eight terms, no
/// operators of any engine (quotes, stars, minus signs and `OR` are only words or separators here).
public struct SearchQuery: Sendable, Equatable {
    public static let maximumCharacters = 200
    public static let maximumTerms = 8

    /// The typed text as shown back in the search box.
    public let text: String
    /// Distinct terms, in the order typed.
    public let terms: [String]

    public init(_ typed: String) {
        text = String(typed.prefix(Self.maximumCharacters)).trimmingCharacters(in: .whitespacesAndNewlines)
        var seen: Set<String> = []
        var terms: [String] = []
        for word in SearchText.words(text) {
            guard terms.count < Self.maximumTerms, let term = SearchText.term(ofWord: word), seen.insert(term).inserted else { continue }
            terms.append(term)
        }
        self.terms = terms
    }

    /// Nothing to search for: an empty box, or only stop words and signs.
    public var isEmpty: Bool { terms.isEmpty }

    /// Whether the person typed something that left no term ("de", "***"): they get a message, not every result.
    public var typedOnlyNoise: Bool { terms.isEmpty && !text.isEmpty }
}

/// A text cut into parts, the words that match a search marked, for highlighting without building HTML.
public struct Highlighted: Sendable, Equatable, Encodable {
    public struct Part: Sendable, Equatable, Encodable {
        public let text: String
        public let hit: Bool
    }

    public let parts: [Part]

    public init(_ text: String, query: SearchQuery) {
        var marker = Highlighter(query)
        self = marker.mark(text)
    }

    init(parts: [Part]) {
        self.parts = parts
    }
}

/// Marks the words of texts that match one search, remembering each word's verdict: a page of results repeats
/// many words, and stemming is the costly part.
public struct Highlighter {
    private let query: SearchQuery
    private var verdicts: [Substring: Bool] = [:]

    public init(_ query: SearchQuery) {
        self.query = query
    }

    public mutating func mark(_ text: String) -> Highlighted {
        guard !query.isEmpty else { return Highlighted(parts: [.init(text: text, hit: false)]) }
        var parts: [Highlighted.Part] = []
        var plainStart = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            guard text[index].isLetter || text[index].isNumber else {
                index = text.index(after: index)
                continue
            }
            var end = index
            while end < text.endIndex, text[end].isLetter || text[end].isNumber { end = text.index(after: end) }
            let word = text[index..<end]
            if isHit(word) {
                if plainStart < index { parts.append(.init(text: String(text[plainStart..<index]), hit: false)) }
                parts.append(.init(text: String(word), hit: true))
                plainStart = end
            }
            index = end
        }
        if plainStart < text.endIndex { parts.append(.init(text: String(text[plainStart...]), hit: false)) }
        return Highlighted(parts: parts)
    }

    private mutating func isHit(_ word: Substring) -> Bool {
        if let known = verdicts[word] { return known }
        let term = SearchText.words(String(word)).first.flatMap(SearchText.term(ofWord:))
        let hit = term.map { term in query.terms.contains { SearchText.match(indexed: term, searched: $0) != nil } } ?? false
        verdicts[word] = hit
        return hit
    }
}
