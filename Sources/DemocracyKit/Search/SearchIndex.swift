import Foundation

/// What can be found: experiences of municipalities, the programme's offers and the results of innovation tracks
/// (docs/search.md).
public enum SearchKind: String, CaseIterable, Codable, Sendable {
    case ervaring, aanbod, resultaat

    public var name: LocalizedText {
        switch self {
        case .ervaring: LocalizedText(nl: "Ervaringen", en: "Experiences")
        case .aanbod: LocalizedText(nl: "Aanbod", en: "Offer")
        case .resultaat: LocalizedText(nl: "Resultaten van innovatietrajecten", en: "Results of innovation tracks")
        }
    }
}

/// One findable thing as the search shows and filters it. Its words live in the index's terms.
public struct SearchDocument: Sendable, Equatable {
    public let kind: SearchKind
    /// The slug in the thing's address.
    public let ref: String
    public let title: LocalizedText
    public let summary: LocalizedText
    public let focusAreas: [FocusArea]
    /// Experiences: the municipality's code, name, province and size class, and the outcome.
    public let municipalityCode: String?
    public let municipalityName: String?
    public let province: String?
    public let sizeClass: SizeClass?
    public let outcome: ExperienceOutcome?
    /// Offers: the pillar.
    public let pillar: Pillar?
    public let visibility: ExperienceVisibility
    /// `yyyy-MM-dd`; newer first when nothing was searched.
    public let publishedOn: String

    public init(
        kind: SearchKind, ref: String, title: LocalizedText, summary: LocalizedText, focusAreas: [FocusArea], municipalityCode: String?,
        municipalityName: String?, province: String?, sizeClass: SizeClass?, outcome: ExperienceOutcome?, pillar: Pillar?,
        visibility: ExperienceVisibility, publishedOn: String
    ) {
        self.kind = kind
        self.ref = ref
        self.title = title
        self.summary = summary
        self.focusAreas = focusAreas
        self.municipalityCode = municipalityCode
        self.municipalityName = municipalityName
        self.province = province
        self.sizeClass = sizeClass
        self.outcome = outcome
        self.pillar = pillar
        self.visibility = visibility
        self.publishedOn = publishedOn
    }
}

/// The choices beside the search box. Each is optional; all chosen ones must hold.
public struct SearchFilter: Sendable, Equatable {
    public var kind: SearchKind?
    public var focusArea: FocusArea?
    public var province: String?
    public var sizeClass: SizeClass?
    public var pillar: Pillar?
    public var outcome: ExperienceOutcome?

    public init(
        kind: SearchKind? = nil, focusArea: FocusArea? = nil, province: String? = nil, sizeClass: SizeClass? = nil, pillar: Pillar? = nil,
        outcome: ExperienceOutcome? = nil
    ) {
        self.kind = kind
        self.focusArea = focusArea
        self.province = province
        self.sizeClass = sizeClass
        self.pillar = pillar
        self.outcome = outcome
    }
}

/// How many results each choice of a filter would give, the other choices kept: the numbers beside the options.
public struct SearchFacets: Sendable, Equatable {
    public var kinds: [SearchKind: Int] = [:]
    public var focusAreas: [FocusArea: Int] = [:]
    public var provinces: [String: Int] = [:]
    public var sizeClasses: [SizeClass: Int] = [:]
    public var pillars: [Pillar: Int] = [:]
    public var outcomes: [ExperienceOutcome: Int] = [:]
}

/// The documents found, best first, with the facet counts.
public struct SearchResult<ID: Hashable & Sendable>: Sendable {
    public let ids: [ID]
    public let facets: SearchFacets
}

/// Ranking and filtering, apart from where the terms are stored, so SQLite and PostgreSQL rank alike.
public enum SearchRanking {
    /// One indexed term of one document: how strongly it occurs (title counts most, then the summary).
    public struct Posting<ID: Hashable & Sendable>: Sendable {
        public let document: ID
        public let term: String
        public let weight: Int

        public init(document: ID, term: String, weight: Int) {
            self.document = document
            self.term = term
            self.weight = weight
        }
    }

    /// Weights per occurrence, by where a word stands.
    public static let titleWeight = 6
    public static let summaryWeight = 3
    public static let bodyWeight = 1

    /// The weight of each term of a document, title, summary and body together.
    public static func weights(title: String, summary: String, body: String) -> [String: Int] {
        var weights: [String: Int] = [:]
        for (text, weight) in [(title, titleWeight), (summary, summaryWeight), (body, bodyWeight)] {
            for (term, count) in SearchText.termCounts(text) { weights[term, default: 0] += min(count, 50) * weight }
        }
        return weights
    }

    /// The weights of a document written in Dutch and English: a term counts with the larger of its two weights;
    /// English left empty falls back to Dutch part by part.
    public static func weights(title: LocalizedText, summary: LocalizedText, body: LocalizedText) -> [String: Int] {
        var weights = Self.weights(title: title.nl, summary: summary.nl, body: body.nl)
        weights.merge(Self.weights(title: title.or(.en), summary: summary.or(.en), body: body.or(.en))) { max($0, $1) }
        return weights
    }

    /// The documents that contain every searched term (or a compound ending in it), with their scores.
    /// `postings[i]` holds the candidates for `query.terms[i]`: indexed terms equal to it or ending in it.
    public static func score<ID>(_ postings: [[Posting<ID>]], query: SearchQuery, documentCount: Int) -> [ID: Double] {
        var scores: [ID: Double]?
        for (index, searched) in query.terms.enumerated() where index < postings.count {
            var best: [ID: Double] = [:]
            for posting in postings[index] {
                guard let match = SearchText.match(indexed: posting.term, searched: searched) else { continue }
                // Saturating: the tenth occurrence adds less than the first.
                let strength = Double(posting.weight) / (Double(posting.weight) + 4) * match.weight
                if strength > best[posting.document] ?? 0 { best[posting.document] = strength }
            }
            let rarity = log(1 + Double(max(documentCount, 1)) / Double(max(best.count, 1)))
            if let current = scores {
                var next: [ID: Double] = [:]
                for (id, score) in current { if let add = best[id] { next[id] = score + add * rarity } }
                scores = next
            } else {
                scores = best.mapValues { $0 * rarity }
            }
        }
        return scores ?? [:]
    }

    /// Filters the candidates, counts the facets and orders them: best score first; without a search, newest
    /// first; ties by kind and slug, so both databases give one order.
    public static func result<ID>(
        candidates: [(id: ID, document: SearchDocument)], scores: [ID: Double]?, filter: SearchFilter
    ) -> SearchResult<ID> {
        var facets = SearchFacets()
        var found: [(id: ID, document: SearchDocument, score: Double)] = []
        for (id, document) in candidates {
            let score: Double
            if let scores {
                guard let scored = scores[id] else { continue }
                score = scored
            } else {
                score = 0
            }
            let holds = (
                kind: filter.kind.map { $0 == document.kind } ?? true,
                area: filter.focusArea.map { document.focusAreas.contains($0) } ?? true,
                province: filter.province.map { $0 == document.province } ?? true,
                size: filter.sizeClass.map { $0 == document.sizeClass } ?? true,
                pillar: filter.pillar.map { $0 == document.pillar } ?? true,
                outcome: filter.outcome.map { $0 == document.outcome } ?? true
            )
            let all = [holds.kind, holds.area, holds.province, holds.size, holds.pillar, holds.outcome]
            func allBut(_ skip: Int) -> Bool { all.enumerated().allSatisfy { $0.offset == skip || $0.element } }
            if allBut(0) { facets.kinds[document.kind, default: 0] += 1 }
            if allBut(1) { for area in document.focusAreas { facets.focusAreas[area, default: 0] += 1 } }
            if allBut(2), let province = document.province { facets.provinces[province, default: 0] += 1 }
            if allBut(3), let size = document.sizeClass { facets.sizeClasses[size, default: 0] += 1 }
            if allBut(4), let pillar = document.pillar { facets.pillars[pillar, default: 0] += 1 }
            if allBut(5), let outcome = document.outcome { facets.outcomes[outcome, default: 0] += 1 }
            if all.allSatisfy({ $0 }) { found.append((id, document, score)) }
        }
        found.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.document.publishedOn != b.document.publishedOn { return a.document.publishedOn > b.document.publishedOn }
            if a.document.kind != b.document.kind { return a.document.kind.rawValue < b.document.kind.rawValue }
            return a.document.ref < b.document.ref
        }
        return SearchResult(ids: found.map(\.id), facets: facets)
    }

    /// The newest experiences first (then by slug), for the feed and the "new since" list.
    public static func latest(_ documents: some Sequence<SearchDocument>, limit: Int) -> [SearchDocument] {
        Array(
            documents.sorted { ($0.publishedOn, $1.ref) > ($1.publishedOn, $0.ref) }.prefix(max(0, limit)))
    }

    /// Experiences related to the one at `ref`: the most focus areas in common, then the same outcome and size
    /// class, then the newest. Those with nothing in common are left out.
    public static func related(to ref: String, among documents: some Sequence<SearchDocument>, limit: Int) -> [SearchDocument] {
        let all = Array(documents).filter { $0.kind == .ervaring }
        guard let this = all.first(where: { $0.ref == ref }) else { return [] }
        let scored: [(SearchDocument, Int)] = all.compactMap { other in
            guard other.ref != ref else { return nil }
            let shared = Set(other.focusAreas).intersection(this.focusAreas).count
            guard shared > 0 else { return nil }
            let score = shared * 4 + (other.outcome == this.outcome ? 1 : 0) + (other.sizeClass == this.sizeClass ? 1 : 0)
            return (other, score)
        }
        return scored.sorted { a, b in
            if a.1 != b.1 { return a.1 > b.1 }
            if a.0.publishedOn != b.0.publishedOn { return a.0.publishedOn > b.0.publishedOn }
            return a.0.ref < b.0.ref
        }.prefix(max(0, limit)).map(\.0)
    }
}
