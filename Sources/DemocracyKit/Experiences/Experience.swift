import Foundation
import Yams

/// How an experience turned out, in the municipality's own judgement. The programme wants the disappointing ones
/// as much as the good ones: others learn most from what did not work.
public enum ExperienceOutcome: String, CaseIterable, Codable, Sendable {
    case goed, gemengd, tegenvallend

    public var name: LocalizedText {
        switch self {
        case .goed: LocalizedText(nl: "Werkte goed", en: "Worked well")
        case .gemengd: LocalizedText(nl: "Deels gelukt", en: "Partly worked")
        case .tegenvallend: LocalizedText(nl: "Viel tegen", en: "Disappointing")
        }
    }
}

/// Who may read a published experience.
public enum ExperienceVisibility: String, CaseIterable, Codable, Sendable {
    /// Everyone, without signing in.
    case publiek
    /// Only signed-in people of municipalities that take part in the programme (and programme staff).
    case deelnemers

    public var name: LocalizedText {
        switch self {
        case .publiek: LocalizedText(nl: "Iedereen", en: "Everyone")
        case .deelnemers: LocalizedText(nl: "Alleen deelnemende gemeenten", en: "Participating municipalities only")
        }
    }
}

/// What a municipality did and learned, as it writes it. English is optional: a part left empty in English is
/// shown in Dutch (marked as Dutch for screen readers).
public struct Experience: Codable, Sendable, Equatable {
    public var title: LocalizedText
    public var summary: LocalizedText
    /// Markdown, rendered by `SafeMarkdown`.
    public var story: LocalizedText
    public var worked: LocalizedText
    /// Required: what did not work, or could have gone better.
    public var didNotWork: LocalizedText
    public var outcome: ExperienceOutcome
    public var visibility: ExperienceVisibility
    public var focusAreas: [FocusArea]
    /// Slugs of offers from the catalogue the municipality used.
    public var offers: [String]
    /// Instruments and methods used, as the municipality names them ("burgerberaad", "wijkbudget").
    public var instruments: [String]
    /// Months, `yyyy-MM`.
    public var periodFrom: String
    public var periodUntil: String

    public init(
        title: LocalizedText, summary: LocalizedText, story: LocalizedText, worked: LocalizedText, didNotWork: LocalizedText,
        outcome: ExperienceOutcome, visibility: ExperienceVisibility, focusAreas: [FocusArea], offers: [String], instruments: [String],
        periodFrom: String, periodUntil: String
    ) {
        self.title = title
        self.summary = summary
        self.story = story
        self.worked = worked
        self.didNotWork = didNotWork
        self.outcome = outcome
        self.visibility = visibility
        self.focusAreas = focusAreas
        self.offers = offers
        self.instruments = instruments
        self.periodFrom = periodFrom
        self.periodUntil = periodUntil
    }

    /// All text of one language, for the search index; English falls back to Dutch part by part.
    public func text(_ language: Language) -> (title: String, summary: String, body: String) {
        let parts = [story, worked, didNotWork].map { $0.or(language) }
        return (title.or(language), summary.or(language), (parts + instruments).joined(separator: "\n"))
    }
}

extension LocalizedText {
    /// The text in `language`, or the Dutch text when that one was left empty.
    public func or(_ language: Language) -> String {
        let wanted = self(language)
        return wanted.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nl : wanted
    }

    /// Both languages without leading and trailing white space (texts from data files and forms).
    public var trimmed: LocalizedText {
        LocalizedText(nl: nl.trimmingCharacters(in: .whitespacesAndNewlines), en: en.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Whether `language` falls back to Dutch here.
    public func fallsBack(_ language: Language) -> Bool {
        language != .nl && self(language).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }
}

/// The rules every experience meets before it is saved, each naming its form field.
public enum ExperienceRules {
    public static let maxTitle = 120
    public static let maxSummary = 300
    public static let maxStory = 20_000
    public static let maxPart = 4_000
    public static let maxFocusAreas = 3
    public static let maxOffers = 3
    public static let maxInstruments = 6
    public static let maxInstrument = 60

    /// Every problem, in the order of the form. `knownOffers` are the catalogue's slugs; `thisMonth` is
    /// `yyyy-MM` today, because a period cannot start in the future.
    public static func problems(_ experience: Experience, knownOffers: Set<String>, thisMonth: String) -> [FieldError] {
        var errors: [FieldError] = []
        errors += [
            Validate.required(experience.title.nl, field: "titleNl", max: maxTitle, message: "experience.error.title"),
            Validate.required(experience.summary.nl, field: "summaryNl", max: maxSummary, message: "experience.error.summary"),
            Validate.required(experience.story.nl, field: "storyNl", max: maxStory, message: "experience.error.story"),
            Validate.required(experience.worked.nl, field: "workedNl", max: maxPart, message: "experience.error.worked"),
            Validate.required(experience.didNotWork.nl, field: "didNotWorkNl", max: maxPart, message: "experience.error.did_not_work"),
        ].compactMap { $0 }
        let optional: [(String, String, Int)] = [
            ("titleEn", experience.title.en, maxTitle), ("summaryEn", experience.summary.en, maxSummary),
            ("storyEn", experience.story.en, maxStory), ("workedEn", experience.worked.en, maxPart),
            ("didNotWorkEn", experience.didNotWork.en, maxPart),
        ]
        errors += optional.compactMap { Validate.optional($0.1, field: $0.0, max: $0.2) }
        if experience.focusAreas.isEmpty || experience.focusAreas.count > maxFocusAreas
            || Set(experience.focusAreas).count
                != experience.focusAreas.count
        {
            errors.append(FieldError(field: "focusAreas", message: "experience.error.focus_areas", limit: maxFocusAreas))
        }
        if experience.offers.count > maxOffers || Set(experience.offers).count != experience.offers.count
            || !experience.offers.allSatisfy(knownOffers.contains)
        {
            errors.append(FieldError(field: "offers", message: "experience.error.offers", limit: maxOffers))
        }
        if experience.instruments.count > maxInstruments {
            errors.append(FieldError(field: "instruments", message: "experience.error.instruments", limit: maxInstruments))
        } else if experience.instruments.contains(where: { $0.count > maxInstrument }) {
            errors.append(FieldError(field: "instruments", message: "experience.error.instrument_long", limit: maxInstrument))
        }
        let from = Month(experience.periodFrom)
        let until = Month(experience.periodUntil)
        if from == nil {
            errors.append(FieldError(field: "periodFrom", message: "experience.error.month"))
        } else if let from, let now = Month(thisMonth), from > now {
            errors.append(FieldError(field: "periodFrom", message: "experience.error.month_future"))
        }
        if until == nil {
            errors.append(FieldError(field: "periodUntil", message: "experience.error.month"))
        } else if let from, let until, until < from {
            errors.append(FieldError(field: "periodUntil", message: "experience.error.month_order"))
        }
        return errors
    }

    /// The instruments as typed in one field, separated by commas: trimmed, empty parts and repeats left out.
    public static func instruments(from text: String) -> [String] {
        var seen: Set<String> = []
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter {
            !$0.isEmpty && seen.insert($0.lowercased()).inserted
        }
    }

    /// A slug for a new experience: the municipality's name and the title, in lower-case letters, digits and
    /// single hyphens, at most 80 characters, never a word the site uses itself.
    public static func slug(municipality: String, title: String) -> String {
        let folded = (municipality + " " + title).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var slug = ""
        for scalar in folded.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.count > 80 {
            slug = String(slug.prefix(80))
            while slug.hasSuffix("-") { slug.removeLast() }
        }
        return reserved.contains(slug) || slug.isEmpty ? "ervaring" : slug
    }

    /// The slug, or the first of `slug-2`, `slug-3`, … that is not taken.
    public static func free(_ base: String, taken: Set<String>) -> String {
        if !taken.contains(base) { return base }
        var number = 2
        while taken.contains("\(base)-\(number)") { number += 1 }
        return "\(base)-\(number)"
    }

    /// Whether a value can be an experience's slug (in an address).
    public static func isSlug(_ value: String) -> Bool {
        !value.isEmpty && value.count <= 84 && !reserved.contains(value)
            && value.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    static let reserved: Set<String> = ["nieuw"]
}

/// A question to an experience's contact person, sent through the platform: short, and a few an hour per sender.
public enum ContactMessage {
    public static let maxLength = 2_000
    public static let perHour = 5
    public static let windowSeconds = 3_600.0

    public static func problem(_ message: String) -> FieldError? {
        Validate.required(message, field: "message", max: maxLength, message: "experience.error.message")
    }
}

/// A month, `yyyy-MM`, between 1990 and 2100.
public struct Month: Comparable, Sendable {
    public let year: Int
    public let month: Int

    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
            (1990...2100).contains(year), (1...12).contains(month)
        else { return nil }
        self.year = year
        self.month = month
    }

    public var text: String { String(format: "%04d-%02d", year, month) }

    public static func < (lhs: Month, rhs: Month) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }

    /// "maart 2025", "March 2025".
    public func name(_ language: Language) -> String {
        let nl = [
            "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december",
        ]
        let en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\((language == .nl ? nl : en)[month - 1]) \(year)"
    }
}

extension ExperienceStart {
    /// The rating of the evaluation as an outcome: 4 or 5 worked well, 3 partly, 1 or 2 disappointed.
    public var outcome: ExperienceOutcome {
        switch rating {
        case 4...: .goed
        case 3: .gemengd
        default: .tegenvallend
        }
    }
}

/// The demo's experiences: `Resources/Data/learning/experiences-*.yaml`, written by people, so every mistake is named.
public enum ExperienceFile {
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// One experience with what the file says beyond its text.
    public struct Entry: Sendable {
        public let slug: String
        public let municipalityCode: String
        /// `yyyy-MM-dd`.
        public let publishedOn: String
        /// `ingediend` leaves it waiting for review; otherwise it is published.
        public let status: ExperienceStatus
        public let contactEmail: String?
        public let contactRole: LocalizedText?
        public let experience: Experience
    }

    struct Period: Decodable {
        let from: String
        let until: String
    }

    struct Contact: Decodable {
        let name: String
        let email: String?
        let role: LocalizedText?
    }

    struct Raw: Decodable {
        let slug: String
        let municipality: String
        let outcome: String
        let visibility: String
        let period: Period
        let published_on: String
        let status: String?
        let focus_areas: [String]
        let offers: [String]?
        let instruments: [String]?
        let contact: Contact?
        let title: LocalizedText
        let summary: LocalizedText
        let story: LocalizedText
        let worked: LocalizedText
        let did_not_work: LocalizedText
    }

    struct File: Decodable {
        let experiences: [Raw]
    }

    public static func parse(_ yaml: String, knownOffers: Set<String>) throws -> [Entry] {
        let file: File
        do {
            file = try YAMLDecoder().decode(File.self, from: yaml)
        } catch {
            throw Problem(description: "cannot be read: \(error)")
        }
        return try file.experiences.map { raw in
            func value<T>(_ made: T?, _ what: String, _ text: String) throws -> T {
                guard let made else { throw Problem(description: "experience \(raw.slug): unknown \(what) '\(text)'") }
                return made
            }
            let experience = Experience(
                title: raw.title.trimmed, summary: raw.summary.trimmed, story: raw.story.trimmed, worked: raw.worked.trimmed,
                didNotWork: raw.did_not_work.trimmed, outcome: try value(ExperienceOutcome(rawValue: raw.outcome), "outcome", raw.outcome),
                visibility: try value(ExperienceVisibility(rawValue: raw.visibility), "visibility", raw.visibility),
                focusAreas: try raw.focus_areas.map { try value(FocusArea(slug: $0), "focus area", $0) }, offers: raw.offers ?? [],
                instruments: raw.instruments ?? [], periodFrom: raw.period.from, periodUntil: raw.period.until)
            if let problem = ExperienceRules.problems(experience, knownOffers: knownOffers, thisMonth: "2100-01").first {
                throw Problem(description: "experience \(raw.slug): \(problem.field) (\(problem.message))")
            }
            guard ExperienceRules.isSlug(raw.slug) else { throw Problem(description: "experience \(raw.slug): the slug is not valid") }
            guard MunicipalityCode.isValid(raw.municipality) else {
                throw Problem(description: "experience \(raw.slug): unknown municipality code '\(raw.municipality)'")
            }
            guard Format.parseDay(raw.published_on) != nil else {
                throw Problem(description: "experience \(raw.slug): published_on '\(raw.published_on)' is not a day")
            }
            let status = try raw.status.map { try value(ExperienceStatus(rawValue: $0), "status", $0) } ?? .gepubliceerd
            return Entry(
                slug: raw.slug, municipalityCode: raw.municipality, publishedOn: raw.published_on, status: status,
                contactEmail: raw.contact?.email, contactRole: raw.contact?.role, experience: experience)
        }
    }
}
