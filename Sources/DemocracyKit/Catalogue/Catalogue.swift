import Foundation

/// What a visitor chose on the catalogue page. Every part is optional; nil means "all".
public struct CatalogueFilter: Sendable, Equatable {
    public var pillar: Pillar?
    public var focusArea: FocusArea?
    public var audience: Audience?
    public var form: OfferForm?
    public var search: String
    /// Retired offers are shown to programme staff only, who may put them back.
    public var includeRetired: Bool

    public init(
        pillar: Pillar? = nil, focusArea: FocusArea? = nil, audience: Audience? = nil, form: OfferForm? = nil,
        search: String = "", includeRetired: Bool = false
    ) {
        self.pillar = pillar
        self.focusArea = focusArea
        self.audience = audience
        self.form = form
        self.search = search
        self.includeRetired = includeRetired
    }
}

/// How many offers each choice of a filter would show, given the other choices and the search: the numbers
/// beside the filter options, so nobody picks a choice that leads to an empty page.
public struct FacetCounts: Sendable, Equatable {
    public var pillars: [Pillar: Int] = [:]
    public var focusAreas: [FocusArea: Int] = [:]
    public var audiences: [Audience: Int] = [:]
    public var forms: [OfferForm: Int] = [:]
}

/// The offers found for a filter, in the order to show them, with the counts per filter value.
public struct CatalogueResult: Sendable {
    public let offers: [Offer]
    public let counts: FacetCounts
}

/// The whole catalogue, prepared once for many searches: every offer with its words folded for search.
public struct Catalogue: Sendable {
    struct Entry: Sendable {
        let offer: Offer
        /// Title and summary, in both languages, lower case and without accents, as UTF-8 to search fast.
        let titleKey: [UInt8]
        let summaryKey: [UInt8]
        /// The title in each language, folded, to sort by.
        let sortNl: String
        let sortEn: String

        func sortKey(_ language: Language) -> String { language == .nl ? sortNl : sortEn }
    }

    let entries: [Entry]

    public init(_ offers: [Offer]) {
        entries = offers.map {
            Entry(
                offer: $0, titleKey: Array(Self.fold($0.title.nl + " " + $0.title.en).utf8),
                summaryKey: Array(Self.fold($0.summary.nl + " " + $0.summary.en).utf8),
                sortNl: Self.fold($0.title.nl), sortEn: Self.fold($0.title.en))
        }
    }

    public var offers: [Offer] { entries.map(\.offer) }

    /// Lower case, without accents, so "geëvalueerd" finds "geevalueerd" and "Raad" finds "raad".
    public static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// Whether `needle` occurs in `haystack`, byte by byte: both are folded UTF-8, so this is a word-part search.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = 1
                while matched < needle.count && haystack[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return true }
            }
            index += 1
        }
        return false
    }

    /// The offers that match every choice and every searched word, titles matching the search first, then by
    /// pillar, available before paused, and title. The counts are made in the same pass.
    public func find(_ filter: CatalogueFilter, language: Language) -> CatalogueResult {
        let words = Self.fold(filter.search).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { Array($0.utf8) }
        var counts = FacetCounts()
        var found: [(entry: Entry, titleHits: Int)] = []
        for entry in entries {
            let offer = entry.offer
            if offer.status == .vervallen && !filter.includeRetired { continue }
            var titleHits = 0
            if !words.isEmpty {
                let inTitle = words.map { Self.contains(entry.titleKey, $0) }
                guard zip(words, inTitle).allSatisfy({ $1 || Self.contains(entry.summaryKey, $0) }) else { continue }
                titleHits = inTitle.filter { $0 }.count
            }
            let matches = (
                pillar: filter.pillar.map { $0 == offer.pillar } ?? true,
                area: filter.focusArea.map { offer.focusAreas.contains($0) } ?? true,
                audience: filter.audience.map { offer.audiences.contains($0) } ?? true,
                form: filter.form.map { $0 == offer.form } ?? true
            )
            if matches.area && matches.audience && matches.form { counts.pillars[offer.pillar, default: 0] += 1 }
            if matches.pillar && matches.audience && matches.form {
                for area in offer.focusAreas { counts.focusAreas[area, default: 0] += 1 }
            }
            if matches.pillar && matches.area && matches.form {
                for audience in offer.audiences { counts.audiences[audience, default: 0] += 1 }
            }
            if matches.pillar && matches.area && matches.audience { counts.forms[offer.form, default: 0] += 1 }
            if matches.pillar && matches.area && matches.audience && matches.form { found.append((entry, titleHits)) }
        }
        let pillarOrder = Dictionary(uniqueKeysWithValues: Pillar.allCases.enumerated().map { ($1, $0) })
        let statusOrder = Dictionary(uniqueKeysWithValues: OfferStatus.allCases.enumerated().map { ($1, $0) })
        found.sort { a, b in
            if a.titleHits != b.titleHits { return a.titleHits > b.titleHits }
            let (x, y) = (a.entry.offer, b.entry.offer)
            if x.pillar != y.pillar { return pillarOrder[x.pillar, default: 0] < pillarOrder[y.pillar, default: 0] }
            if x.status != y.status { return statusOrder[x.status, default: 0] < statusOrder[y.status, default: 0] }
            return a.entry.sortKey(language) < b.entry.sortKey(language)
        }
        return CatalogueResult(offers: found.map(\.entry.offer), counts: counts)
    }
}
