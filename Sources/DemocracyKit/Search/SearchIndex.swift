import Foundation

/// What can be found: experiences of municipalities, the programme's offers and the results of innovation tracks
/// (docs/search.md).
public enum SearchKind: String, CaseIterable, Codable, Sendable {
    case ervaring, aanbod, resultaat, leermodule, kennis

    public var name: LocalizedText {
        switch self {
        case .ervaring: LocalizedText(nl: "Ervaringen", en: "Experiences")
        case .aanbod: LocalizedText(nl: "Aanbod", en: "Offer")
        case .resultaat: LocalizedText(nl: "Resultaten van innovatietrajecten", en: "Results of innovation tracks")
        case .leermodule: LocalizedText(nl: "Modules van het leerplatform", en: "Modules of the learning platform")
        case .kennis: LocalizedText(nl: "Kennis over ondermijning", en: "Knowledge on undermining")
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

    public init(
        kinds: [SearchKind: Int] = [:], focusAreas: [FocusArea: Int] = [:], provinces: [String: Int] = [:],
        sizeClasses: [SizeClass: Int] = [:], pillars: [Pillar: Int] = [:], outcomes: [ExperienceOutcome: Int] = [:]
    ) {
        self.kinds = kinds
        self.focusAreas = focusAreas
        self.provinces = provinces
        self.sizeClasses = sizeClasses
        self.pillars = pillars
        self.outcomes = outcomes
    }
}

/// How documents weigh and relate, apart from where they are stored, so SQLite and PostgreSQL rank alike.
public enum SearchRanking {
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
