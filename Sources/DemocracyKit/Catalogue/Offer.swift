import Foundation
import Yams

/// Whom an offer is for (docs/product.md, "Aanbod").
public enum Audience: String, CaseIterable, Codable, Sendable {
    case raad, college, griffie, ambtenaren, inwoners

    public var name: LocalizedText {
        switch self {
        case .raad: LocalizedText(nl: "Gemeenteraad", en: "Municipal council")
        case .college: LocalizedText(nl: "College van B en W", en: "Mayor and aldermen")
        case .griffie: LocalizedText(nl: "Griffie", en: "Clerk's office")
        case .ambtenaren: LocalizedText(nl: "Ambtenaren", en: "Civil servants")
        case .inwoners: LocalizedText(nl: "Inwoners", en: "Inhabitants")
        }
    }
}

/// What shape an offer takes.
public enum OfferForm: String, CaseIterable, Codable, Sendable {
    case sessie, training, advies
    case eLearning = "e-learning"
    case toolkit

    public var name: LocalizedText {
        switch self {
        case .sessie: LocalizedText(nl: "Sessie", en: "Session")
        case .training: LocalizedText(nl: "Training", en: "Training")
        case .advies: LocalizedText(nl: "Advies", en: "Advice")
        case .eLearning: LocalizedText(nl: "E-learning", en: "E-learning")
        case .toolkit: LocalizedText(nl: "Toolkit", en: "Toolkit")
        }
    }
}

/// Whether an offer can be requested now.
public enum OfferStatus: String, CaseIterable, Codable, Sendable {
    case beschikbaar, gepauzeerd, vervallen

    public var name: LocalizedText {
        switch self {
        case .beschikbaar: LocalizedText(nl: "Beschikbaar", en: "Available")
        case .gepauzeerd: LocalizedText(nl: "Tijdelijk niet beschikbaar", en: "Paused")
        case .vervallen: LocalizedText(nl: "Vervallen", en: "Retired")
        }
    }

    /// Only an available offer can be requested or recommended.
    public var isAvailable: Bool { self == .beschikbaar }
}

/// One item of the programme's offer (aanbod).
public struct Offer: Sendable, Equatable {
    public var slug: String
    public var pillar: Pillar
    public var focusAreas: [FocusArea]
    public var audiences: [Audience]
    public var form: OfferForm
    public var status: OfferStatus
    public var provider: String
    public var title: LocalizedText
    public var summary: LocalizedText
    /// Markdown, rendered with `SafeMarkdown`.
    public var description: LocalizedText
    public var duration: LocalizedText
    public var cost: LocalizedText

    public init(
        slug: String, pillar: Pillar, focusAreas: [FocusArea], audiences: [Audience], form: OfferForm,
        status: OfferStatus, provider: String, title: LocalizedText, summary: LocalizedText,
        description: LocalizedText, duration: LocalizedText, cost: LocalizedText
    ) {
        self.slug = slug
        self.pillar = pillar
        self.focusAreas = focusAreas
        self.audiences = audiences
        self.form = form
        self.status = status
        self.provider = provider
        self.title = title
        self.summary = summary
        self.description = description
        self.duration = duration
        self.cost = cost
    }
}

/// The limits and checks of an offer, the same for the seed file and for the form programme staff edit it in.
public enum OfferRules {
    public static let maxTitle = 120
    public static let maxSummary = 300
    public static let maxDescription = 20_000
    public static let maxShort = 200
    public static let maxFocusAreas = 3

    /// A slug is part of the offer's address: lower-case letters, digits and single hyphens. "nieuw" is the
    /// address of the form for a new offer.
    public static func isSlug(_ value: String) -> Bool {
        value != "nieuw" && !value.isEmpty && value.count <= 80 && !value.hasPrefix("-") && !value.hasSuffix("-") && !value.contains("--")
            && value.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Every problem with an offer, each naming the form field it belongs to.
    public static func problems(_ offer: Offer) -> [FieldError] {
        var errors: [FieldError] = []
        if !isSlug(offer.slug) { errors.append(FieldError(field: "slug", message: "catalogue.error.slug")) }
        let texts: [(String, String, Int)] = [
            ("titleNl", offer.title.nl, maxTitle), ("titleEn", offer.title.en, maxTitle),
            ("summaryNl", offer.summary.nl, maxSummary), ("summaryEn", offer.summary.en, maxSummary),
            ("descriptionNl", offer.description.nl, maxDescription), ("descriptionEn", offer.description.en, maxDescription),
            ("durationNl", offer.duration.nl, maxShort), ("durationEn", offer.duration.en, maxShort),
            ("costNl", offer.cost.nl, maxShort), ("costEn", offer.cost.en, maxShort),
            ("provider", offer.provider, maxShort),
        ]
        errors += texts.compactMap { Validate.required($0.1, field: $0.0, max: $0.2) }
        if offer.focusAreas.isEmpty || offer.focusAreas.count > maxFocusAreas {
            errors.append(FieldError(field: "focusAreas", message: "catalogue.error.focus_areas", limit: maxFocusAreas))
        }
        if offer.audiences.isEmpty { errors.append(FieldError(field: "audiences", message: "catalogue.error.audiences")) }
        return errors
    }
}

/// The catalogue's seed: `Resources/Data/catalogue/offers.yaml`, written by people, so every mistake is named.
public enum OfferFile {
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    struct Entry: Decodable {
        let slug: String
        let pillar: String
        let focus_areas: [String]
        let audiences: [String]
        let form: String
        let status: String
        let provider: String
        let title: LocalizedText
        let summary: LocalizedText
        let description: LocalizedText
        let duration: LocalizedText
        let cost: LocalizedText
    }

    struct File: Decodable {
        let offers: [Entry]
    }

    public static func parse(_ yaml: String) throws -> [Offer] {
        let file: File
        do {
            file = try YAMLDecoder().decode(File.self, from: yaml)
        } catch {
            throw Problem(description: "cannot be read: \(error)")
        }
        var seen: Set<String> = []
        return try file.offers.map { entry in
            func value<T>(_ made: T?, _ what: String, _ raw: String) throws -> T {
                guard let made else { throw Problem(description: "offer \(entry.slug): unknown \(what) '\(raw)'") }
                return made
            }
            let offer = Offer(
                slug: entry.slug.trimmingCharacters(in: .whitespaces),
                pillar: try value(Pillar(rawValue: entry.pillar), "pillar", entry.pillar),
                focusAreas: try entry.focus_areas.map { try value(FocusArea(slug: $0), "focus area", $0) },
                audiences: try entry.audiences.map { try value(Audience(rawValue: $0), "audience", $0) },
                form: try value(OfferForm(rawValue: entry.form), "form", entry.form),
                status: try value(OfferStatus(rawValue: entry.status), "status", entry.status),
                provider: entry.provider, title: entry.title, summary: entry.summary, description: entry.description,
                duration: entry.duration, cost: entry.cost)
            if let problem = OfferRules.problems(offer).first {
                throw Problem(description: "offer \(entry.slug): \(problem.field) (\(problem.message))")
            }
            guard seen.insert(offer.slug).inserted else { throw Problem(description: "offer \(entry.slug) appears twice") }
            return offer
        }
    }
}
