import Foundation

/// Everything findable, held in memory for fast search (docs/search.md): the documents, and for each term the
/// documents it occurs in with its weight. Built from the stored term vectors and kept up to date by sequence
/// number, so a change is found at once. A value type: a search works on a snapshot while the next one is made.
///
/// Documents live in slots; a replaced or removed document leaves its slot empty (its postings are skipped), so
/// an update never rewrites the lists of common terms.
public struct SearchCorpus: Sendable {
    struct Posting: Sendable {
        let slot: Int32
        let weight: Int32
    }

    /// What filters and counts read of a document, as small numbers, so a search copies no strings.
    struct Facts: Sendable {
        var kind: Int8
        var focusAreas: UInt8
        var province: Int8
        var sizeClass: Int8
        var pillar: Int8
        var outcome: Int8
        var participantsOnly: Bool

        init(_ document: SearchDocument) {
            func index<T: Equatable>(_ value: T?, in all: [T]) -> Int8 { value.flatMap { all.firstIndex(of: $0) }.map(Int8.init) ?? -1 }
            kind = index(document.kind, in: SearchKind.allCases)
            focusAreas = document.focusAreas.reduce(0) { $0 | UInt8(1 << ($1.rawValue - 1)) }
            province = index(document.province, in: Province.all)
            sizeClass = index(document.sizeClass, in: SizeClass.allCases)
            pillar = index(document.pillar, in: Pillar.allCases)
            outcome = index(document.outcome, in: ExperienceOutcome.allCases)
            participantsOnly = document.visibility == .deelnemers
        }

        /// Which of the six filter choices it meets, as bits: kind, focus area, province, size, pillar, outcome.
        func holds(_ filter: Facts) -> Int {
            var bits = 0
            if filter.kind < 0 || filter.kind == kind { bits |= 1 }
            if filter.focusAreas == 0 || focusAreas & filter.focusAreas != 0 { bits |= 2 }
            if filter.province < 0 || filter.province == province { bits |= 4 }
            if filter.sizeClass < 0 || filter.sizeClass == sizeClass { bits |= 8 }
            if filter.pillar < 0 || filter.pillar == pillar { bits |= 16 }
            if filter.outcome < 0 || filter.outcome == outcome { bits |= 32 }
            return bits
        }

        init(_ filter: SearchFilter) {
            func index<T: Equatable>(_ value: T?, in all: [T]) -> Int8 { value.flatMap { all.firstIndex(of: $0) }.map(Int8.init) ?? -1 }
            kind = index(filter.kind, in: SearchKind.allCases)
            focusAreas = filter.focusArea.map { UInt8(1 << ($0.rawValue - 1)) } ?? 0
            province = filter.province.map { value in Province.all.firstIndex(of: value).map(Int8.init) ?? 99 } ?? -1
            sizeClass = index(filter.sizeClass, in: SizeClass.allCases)
            pillar = index(filter.pillar, in: Pillar.allCases)
            outcome = index(filter.outcome, in: ExperienceOutcome.allCases)
            participantsOnly = false
        }
    }

    private(set) var documents: [SearchDocument?] = []
    /// Whether a slot holds a document (checked without copying the document).
    private var alive: [Bool] = []
    private var facts: [Facts] = []
    private(set) var seqs: [Int64] = []
    private var slotByKey: [String: Int] = [:]
    private var termIDs: [String: Int32] = [:]
    private var terms: [String] = []
    private var postings: [[Posting]] = []
    /// Every term reversed, sorted, so "the terms ending in …" is one range found by binary search.
    private var reversed: [(text: String, id: Int32)] = []
    private var unsortedTerms: [Int32] = []
    /// The filled slots, newest first, then by kind and slug: the order when nothing was searched.
    private var order: [Int] = []
    /// The largest sequence number applied.
    public private(set) var appliedSeq: Int64 = 0
    /// How many documents are in it.
    public private(set) var count = 0

    public init() {}

    // MARK: Changing

    /// Adds a document under its sequence number, replacing any with the same kind and slug. Call `finish()` after
    /// a batch.
    public mutating func upsert(_ document: SearchDocument, seq: Int64, weights: [String: Int]) {
        let key = Self.key(document.kind, document.ref)
        if let old = slotByKey[key], alive[old] {
            documents[old] = nil
            alive[old] = false
            count -= 1
        }
        let slot = documents.count
        documents.append(document)
        alive.append(true)
        facts.append(Facts(document))
        seqs.append(seq)
        slotByKey[key] = slot
        count += 1
        appliedSeq = max(appliedSeq, seq)
        for (term, weight) in weights {
            let id: Int32
            if let known = termIDs[term] {
                id = known
            } else {
                id = Int32(terms.count)
                termIDs[term] = id
                terms.append(term)
                postings.append([])
                unsortedTerms.append(id)
            }
            postings[Int(id)].append(Posting(slot: Int32(slot), weight: Int32(clamping: weight)))
        }
    }

    /// Empties the slots of documents whose sequence number is no longer stored (taken offline, retired).
    public mutating func keepOnly(_ stored: Set<Int64>) {
        for slot in documents.indices where alive[slot] && !stored.contains(seqs[slot]) {
            if let document = documents[slot], slotByKey[Self.key(document.kind, document.ref)] == slot {
                slotByKey[Self.key(document.kind, document.ref)] = nil
            }
            documents[slot] = nil
            alive[slot] = false
            count -= 1
        }
    }

    /// Puts new terms in the sorted list and the documents in their reading order.
    public mutating func finish() {
        if !unsortedTerms.isEmpty {
            let added = unsortedTerms.map { (text: String(terms[Int($0)].reversed()), id: $0) }
            if added.count > 64 || reversed.isEmpty {
                reversed += added
                reversed.sort { $0.text < $1.text }
            } else {
                for entry in added { reversed.insert(entry, at: lowerBound(entry.text)) }
            }
            unsortedTerms = []
        }
        let days = documents.map { $0.map { Int($0.publishedOn.replacingOccurrences(of: "-", with: "")) ?? 0 } ?? 0 }
        order = documents.indices.filter { alive[$0] }.sorted { a, b in
            if days[a] != days[b] { return days[a] > days[b] }
            let (x, y) = (documents[a]!, documents[b]!)
            if x.kind != y.kind { return x.kind.rawValue < y.kind.rawValue }
            return x.ref < y.ref
        }
    }

    // MARK: Reading

    /// The documents for which `include` holds, newest first.
    public func latest(limit: Int, where include: (SearchDocument) -> Bool) -> [SearchDocument] {
        var found: [SearchDocument] = []
        for slot in order {
            guard found.count < limit else { break }
            if let document = documents[slot], include(document) { found.append(document) }
        }
        return found
    }

    /// How many documents `include` holds for.
    public func count(where include: (SearchDocument) -> Bool) -> Int {
        order.reduce(0) { total, slot in documents[slot].map { include($0) ? total + 1 : total } ?? total }
    }

    /// Every document for which `include` holds, newest first.
    public func all(where include: (SearchDocument) -> Bool) -> [SearchDocument] {
        order.compactMap { documents[$0] }.filter(include)
    }

    /// The documents that contain every searched term (or a compound ending in it), with their scores by slot.
    /// For each term a document counts with its best matching term: `w / (w + 4)`, times 0.6 for a compound,
    /// times the term's rarity `ln(1 + N / df)`.
    func scores(_ query: SearchQuery) -> [Double] {
        var total = [Double](repeating: 0, count: documents.count)
        var first = true
        for searched in query.terms {
            var best = [Double](repeating: 0, count: documents.count)
            var found = 0
            for (id, match) in matchingTerms(searched) {
                let factor = match.weight
                for posting in postings[Int(id)] {
                    let slot = Int(posting.slot)
                    guard alive[slot] else { continue }
                    let strength = Double(posting.weight) / (Double(posting.weight) + 4) * factor
                    if best[slot] == 0 { found += 1 }
                    if strength > best[slot] { best[slot] = strength }
                }
            }
            let rarity = log(1 + Double(max(count, 1)) / Double(max(found, 1)))
            for slot in total.indices {
                if first {
                    total[slot] = best[slot] * rarity
                } else if total[slot] > 0 {
                    total[slot] = best[slot] > 0 ? total[slot] + best[slot] * rarity : 0
                }
            }
            first = false
        }
        return total
    }

    /// The indexed terms equal to `searched`, and those ending in it (compounds).
    func matchingTerms(_ searched: String) -> [(Int32, SearchText.TermMatch)] {
        var found: [(Int32, SearchText.TermMatch)] = []
        if let exact = termIDs[searched] { found.append((exact, .exact)) }
        guard searched.utf8.count >= SearchText.minimumCompoundPart else { return found }
        let prefix = String(searched.reversed())
        var index = lowerBound(prefix)
        while index < reversed.count, reversed[index].text.hasPrefix(prefix) {
            if reversed[index].text != prefix { found.append((reversed[index].id, .compound)) }
            index += 1
        }
        return found
    }

    /// One page of what `query` finds under `filter`, with the counts per filter value, among the documents
    /// everyone may read (and those for participants only, when the reader may). Best score first; without a
    /// search, newest first.
    public func search(
        _ query: SearchQuery, filter: SearchFilter, page: Int?, perPage: Int, includeParticipantsOnly: Bool
    ) -> (documents: [SearchDocument], facets: SearchFacets, pagination: Pagination) {
        let scores = query.isEmpty ? nil : self.scores(query)
        let wanted = Facts(filter)
        var kinds = [Int](repeating: 0, count: SearchKind.allCases.count)
        var areas = [Int](repeating: 0, count: FocusArea.allCases.count)
        var provinces = [Int](repeating: 0, count: Province.all.count)
        var sizes = [Int](repeating: 0, count: SizeClass.allCases.count)
        var pillars = [Int](repeating: 0, count: Pillar.allCases.count)
        var outcomes = [Int](repeating: 0, count: ExperienceOutcome.allCases.count)
        var found: [(slot: Int, score: Double, position: Int)] = []
        let all = 0b111111
        for (position, slot) in order.enumerated() {
            let fact = facts[slot]
            if fact.participantsOnly && !includeParticipantsOnly { continue }
            let score = scores?[slot] ?? 0
            if scores != nil && score <= 0 { continue }
            guard alive[slot] else { continue }
            let bits = fact.holds(wanted)
            if bits | 1 == all, fact.kind >= 0 { kinds[Int(fact.kind)] += 1 }
            if bits | 2 == all { for area in 0..<areas.count where fact.focusAreas & UInt8(1 << area) != 0 { areas[area] += 1 } }
            if bits | 4 == all, fact.province >= 0 { provinces[Int(fact.province)] += 1 }
            if bits | 8 == all, fact.sizeClass >= 0 { sizes[Int(fact.sizeClass)] += 1 }
            if bits | 16 == all, fact.pillar >= 0 { pillars[Int(fact.pillar)] += 1 }
            if bits | 32 == all, fact.outcome >= 0 { outcomes[Int(fact.outcome)] += 1 }
            if bits == all { found.append((slot, score, position)) }
        }
        if scores != nil {
            found.sort { $0.score != $1.score ? $0.score > $1.score : $0.position < $1.position }
        }
        func counted<T: Hashable>(_ counts: [Int], _ values: [T]) -> [T: Int] {
            var result: [T: Int] = [:]
            for (index, count) in counts.enumerated() where count > 0 { result[values[index]] = count }
            return result
        }
        let facets = SearchFacets(
            kinds: counted(kinds, SearchKind.allCases), focusAreas: counted(areas, FocusArea.allCases),
            provinces: counted(provinces, Province.all), sizeClasses: counted(sizes, SizeClass.allCases),
            pillars: counted(pillars, Pillar.allCases), outcomes: counted(outcomes, ExperienceOutcome.allCases))
        let pagination = Pagination(requestedPage: page, perPage: perPage, total: found.count)
        let shown = found.dropFirst(pagination.offset).prefix(perPage).compactMap { documents[$0.slot] }
        return (Array(shown), facets, pagination)
    }

    private func lowerBound(_ text: String) -> Int {
        var low = 0
        var high = reversed.count
        while low < high {
            let middle = (low + high) / 2
            if reversed[middle].text < text { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func key(_ kind: SearchKind, _ ref: String) -> String { kind.rawValue + "/" + ref }
}

/// Term vectors as stored: `term:weight` separated by spaces (terms hold only `a`–`z` and `0`–`9`).
public enum TermVector {
    public static func encode(_ weights: [String: Int]) -> String {
        weights.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: " ")
    }

    public static func decode(_ text: String) -> [String: Int] {
        var weights: [String: Int] = [:]
        weights.reserveCapacity(text.utf8.count / 8)
        for token in text.utf8.split(separator: UInt8(ascii: " ")) {
            guard let colon = token.lastIndex(of: UInt8(ascii: ":")) else { continue }
            var weight = 0
            for digit in token[token.index(after: colon)...] {
                guard digit >= 48, digit <= 57, weight < 1_000_000 else { break }
                weight = weight * 10 + Int(digit - 48)
            }
            if let term = String(token[..<colon]) { weights[term] = weight }
        }
        return weights
    }
}
