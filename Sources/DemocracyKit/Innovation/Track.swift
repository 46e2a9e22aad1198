import Foundation
import Yams

/// The themes innovation tracks work on.
public enum TrackTheme: String, CaseIterable, Codable, Sendable {
    case energietransitie, kernendemocratie
    case digitaleDemocratie = "digitale-democratie"
    case jongeren, participatie, weerbaarheid

    public var name: LocalizedText {
        switch self {
        case .energietransitie: LocalizedText(nl: "Energietransitie", en: "Energy transition")
        case .kernendemocratie: LocalizedText(nl: "Kernendemocratie", en: "Village democracy")
        case .digitaleDemocratie: LocalizedText(nl: "Digitale democratie", en: "Digital democracy")
        case .jongeren: LocalizedText(nl: "Jongeren", en: "Young people")
        case .participatie: LocalizedText(nl: "Participatie", en: "Participation")
        case .weerbaarheid: LocalizedText(nl: "Weerbaarheid", en: "Resilience")
        }
    }
}

/// One phase of a track, with its days (`yyyy-MM-dd`).
public struct TrackPhase: Codable, Sendable, Equatable {
    public let name: LocalizedText
    public let from: String
    public let until: String

    public init(name: LocalizedText, from: String, until: String) {
        self.name = name
        self.from = from
        self.until = until
    }

    /// Where the phase stands on `today`.
    public func state(on today: String) -> State {
        today < from ? .upcoming : (today > until ? .done : .current)
    }

    public enum State: String, Sendable {
        case done, current, upcoming
    }
}

/// An innovation track (innovatietraject): municipalities develop a new instrument together; what they find is
/// published as results, and a result can become an offer of lokaal maatwerk.
public struct Track: Sendable, Equatable {
    public let slug: String
    public let theme: TrackTheme
    /// The catalogue's offer that describes taking part in this track.
    public let offerSlug: String?
    public let focusAreas: [FocusArea]
    public let openForApplications: Bool
    public let title: LocalizedText
    public let aim: LocalizedText
    /// Markdown.
    public let description: LocalizedText
    public let phases: [TrackPhase]

    public init(
        slug: String, theme: TrackTheme, offerSlug: String?, focusAreas: [FocusArea], openForApplications: Bool, title: LocalizedText,
        aim: LocalizedText, description: LocalizedText, phases: [TrackPhase]
    ) {
        self.slug = slug
        self.theme = theme
        self.offerSlug = offerSlug
        self.focusAreas = focusAreas
        self.openForApplications = openForApplications
        self.title = title
        self.aim = aim
        self.description = description
        self.phases = phases
    }
}

/// A track as programme staff type it on its form, before it is checked: every field as text.
public struct TrackDraft: Sendable, Equatable {
    public struct Phase: Sendable, Equatable {
        public var name: LocalizedText
        public var from: String
        public var until: String

        public init(name: LocalizedText, from: String, until: String) {
            self.name = name
            self.from = from
            self.until = until
        }

        /// A row of the form left blank: not a phase.
        public var isBlank: Bool {
            [name.nl, name.en, from, until].allSatisfy { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        }
    }

    public var title: LocalizedText
    public var aim: LocalizedText
    public var description: LocalizedText
    public var theme: String
    public var focusAreas: [String]
    public var openForApplications: Bool
    public var phases: [Phase]

    public init(
        title: LocalizedText, aim: LocalizedText, description: LocalizedText, theme: String, focusAreas: [String],
        openForApplications: Bool, phases: [Phase]
    ) {
        self.title = title
        self.aim = aim
        self.description = description
        self.theme = theme
        self.focusAreas = focusAreas
        self.openForApplications = openForApplications
        self.phases = phases
    }
}

/// The rules a track meets before programme staff save it: a Dutch title, aim and description (English optional),
/// a theme, at least one focus area, and one to `maxPhases` phases, each with a name and real days, in order.
public enum TrackRules {
    public static let maxTitle = 120
    public static let maxAim = 600
    public static let maxDescription = 20_000
    public static let maxPhaseName = 80
    public static let maxPhases = 6

    /// The track the draft describes, or every problem with it. Blank phase rows are left out; the field names are
    /// those of the form (`phase2From` is the first day of the second row).
    public static func track(from draft: TrackDraft, slug: String, offerSlug: String?) -> Result<Track, StoreFailure> {
        var errors = [
            Validate.required(draft.title.nl, field: "titleNl", max: maxTitle, message: "track.error.title"),
            Validate.optional(draft.title.en, field: "titleEn", max: maxTitle),
            Validate.required(draft.aim.nl, field: "aimNl", max: maxAim, message: "track.error.aim"),
            Validate.optional(draft.aim.en, field: "aimEn", max: maxAim),
            Validate.required(draft.description.nl, field: "descriptionNl", max: maxDescription, message: "track.error.description"),
            Validate.optional(draft.description.en, field: "descriptionEn", max: maxDescription),
        ].compactMap { $0 }
        let theme = TrackTheme(rawValue: draft.theme)
        if theme == nil { errors.append(FieldError(field: "theme", message: "track.error.theme")) }
        let areas = draft.focusAreas.compactMap { Int($0).flatMap(FocusArea.init(rawValue:)) }
        if areas.isEmpty || areas.count != draft.focusAreas.count {
            errors.append(FieldError(field: "focusAreas", message: "track.error.focus_areas"))
        }
        var phases: [TrackPhase] = []
        var previousFrom: String?
        for (index, row) in draft.phases.prefix(maxPhases).enumerated() where !row.isBlank {
            let field = "phase\(index + 1)"
            if let problem = Validate.required(row.name.nl, field: field + "Nl", max: maxPhaseName, message: "track.error.phase_name") {
                errors.append(problem)
            }
            if let problem = Validate.optional(row.name.en, field: field + "En", max: maxPhaseName) { errors.append(problem) }
            let from = Format.parseDay(row.from.trimmingCharacters(in: .whitespaces)).map(Format.day)
            let until = Format.parseDay(row.until.trimmingCharacters(in: .whitespaces)).map(Format.day)
            if from == nil { errors.append(FieldError(field: field + "From", message: "error.date_invalid")) }
            if until == nil { errors.append(FieldError(field: field + "Until", message: "error.date_invalid")) }
            guard let from, let until else { continue }
            if until < from { errors.append(FieldError(field: field + "Until", message: "error.date_order")) }
            if let previousFrom, from < previousFrom {
                errors.append(FieldError(field: field + "From", message: "track.error.phase_order"))
            }
            previousFrom = from
            phases.append(TrackPhase(name: row.name.trimmed, from: from, until: until))
        }
        if draft.phases.allSatisfy(\.isBlank) { errors.append(FieldError(field: "phase1Nl", message: "track.error.phases")) }
        guard errors.isEmpty, let theme else { return .failure(.fields(errors)) }
        return .success(
            Track(
                slug: slug, theme: theme, offerSlug: offerSlug, focusAreas: areas, openForApplications: draft.openForApplications,
                title: draft.title.trimmed, aim: draft.aim.trimmed, description: draft.description.trimmed, phases: phases))
    }
}

/// What a track published: a document (Markdown) and its lessons.
public struct TrackResult: Sendable, Equatable {
    public let slug: String
    public let title: LocalizedText
    public let summary: LocalizedText
    public let document: LocalizedText
    public let lessons: LocalizedText
    public let publishedOn: String

    public init(
        slug: String, title: LocalizedText, summary: LocalizedText, document: LocalizedText, lessons: LocalizedText, publishedOn: String
    ) {
        self.slug = slug
        self.title = title
        self.summary = summary
        self.document = document
        self.lessons = lessons
        self.publishedOn = publishedOn
    }

    /// The offer of lokaal maatwerk this result becomes: its texts, the form and audiences programme staff chose,
    /// and a line that says where it came from.
    public func offer(
        slug: String, form: OfferForm, audiences: [Audience], duration: LocalizedText, cost: LocalizedText, track: Track
    ) -> Offer {
        let origin = LocalizedText(
            nl: "Dit aanbod is ontstaan uit het innovatietraject \"\(track.title.nl)\".",
            en: "This offer came out of the innovation track \"\(track.title.en)\".")
        return Offer(
            slug: slug, pillar: .lokaalMaatwerk, focusAreas: track.focusAreas, audiences: audiences, form: form, status: .beschikbaar,
            provider: "Democratie in Actie", title: title, summary: summary,
            description: LocalizedText(nl: document.nl + "\n\n" + origin.nl, en: document.or(.en) + "\n\n" + origin.en),
            duration: duration, cost: cost)
    }
}

/// The rules a result meets before programme staff publish it; English is optional.
public enum TrackResultRules {
    public static let maxTitle = 120
    public static let maxSummary = 300
    public static let maxDocument = 20_000
    public static let maxLessons = 4_000

    public static func problems(_ result: TrackResult) -> [FieldError] {
        [
            Validate.required(result.title.nl, field: "titleNl", max: maxTitle, message: "track.error.result_title"),
            Validate.required(result.summary.nl, field: "summaryNl", max: maxSummary, message: "track.error.result_summary"),
            Validate.required(result.document.nl, field: "documentNl", max: maxDocument, message: "track.error.result_document"),
            Validate.required(result.lessons.nl, field: "lessonsNl", max: maxLessons, message: "track.error.result_lessons"),
            Validate.optional(result.title.en, field: "titleEn", max: maxTitle),
            Validate.optional(result.summary.en, field: "summaryEn", max: maxSummary),
            Validate.optional(result.document.en, field: "documentEn", max: maxDocument),
            Validate.optional(result.lessons.en, field: "lessonsEn", max: maxLessons),
        ].compactMap { $0 }
    }
}

/// Where a municipality's application to join a track stands.
public enum TrackApplicationStatus: String, CaseIterable, Codable, Sendable {
    case ingediend, geaccepteerd, afgewezen

    public var name: LocalizedText {
        switch self {
        case .ingediend: LocalizedText(nl: "Aangemeld, wacht op besluit", en: "Applied, awaiting decision")
        case .geaccepteerd: LocalizedText(nl: "Geaccepteerd", en: "Accepted")
        case .afgewezen: LocalizedText(nl: "Afgewezen", en: "Declined")
        }
    }
}

/// The rules for joining a track: a municipality applies while the track is open, once at a time; programme
/// staff accept, or decline with a reason.
public enum TrackApplicationRules {
    public static let maxMotivation = 2_000
    public static let maxReason = 1_000

    public static func application(
        motivation: String, track: Track, alreadyParticipates: Bool, hasOpenApplication: Bool
    ) -> [FieldError] {
        if !track.openForApplications { return [FieldError(field: "motivation", message: "track.error.closed")] }
        if alreadyParticipates { return [FieldError(field: "motivation", message: "track.error.already_in")] }
        if hasOpenApplication { return [FieldError(field: "motivation", message: "track.error.already_applied")] }
        return [Validate.required(motivation, field: "motivation", max: maxMotivation, message: "track.error.motivation")].compactMap { $0 }
    }

    /// A decision on an application: only on one that waits; a decline needs a reason.
    public static func decision(accept: Bool, reason: String, on status: TrackApplicationStatus) -> Result<
        TrackApplicationStatus, FieldError
    > {
        guard status == .ingediend else { return .failure(FieldError(field: "reason", message: "track.error.decided")) }
        if accept { return .success(.geaccepteerd) }
        if let problem = Validate.required(reason, field: "reason", max: maxReason, message: "track.error.reason") {
            return .failure(problem)
        }
        return .success(.afgewezen)
    }
}

/// The demo's tracks: `Resources/Data/learning/tracks.yaml`, written by people, so every mistake is named.
public enum TrackFile {
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    public struct Entry: Sendable {
        public let track: Track
        public let participants: [(code: String, role: LocalizedText)]
        public let results: [ResultEntry]
    }

    public struct ResultEntry: Sendable {
        public let result: TrackResult
        /// The offer it became, if it did.
        public let offer: Offer?
    }

    struct RawPhase: Decodable {
        let name: LocalizedText
        let from: String
        let until: String
    }

    struct RawParticipant: Decodable {
        let municipality: String
        let role: LocalizedText
    }

    struct RawOffer: Decodable {
        let slug: String
        let form: String
        let audiences: [String]
        let duration: LocalizedText
        let cost: LocalizedText
    }

    struct RawResult: Decodable {
        let slug: String
        let published_on: String
        let title: LocalizedText
        let summary: LocalizedText
        let document: LocalizedText
        let lessons: LocalizedText
        let offer: RawOffer?
    }

    struct RawTrack: Decodable {
        let slug: String
        let theme: String
        let offer: String?
        let focus_areas: [String]
        let open_for_applications: Bool
        let title: LocalizedText
        let aim: LocalizedText
        let description: LocalizedText
        let phases: [RawPhase]
        let participants: [RawParticipant]
        let results: [RawResult]?
    }

    struct File: Decodable {
        let tracks: [RawTrack]
    }

    public static func parse(_ yaml: String) throws -> [Entry] {
        let file: File
        do {
            file = try YAMLDecoder().decode(File.self, from: yaml)
        } catch {
            throw Problem(description: "cannot be read: \(error)")
        }
        return try file.tracks.map { raw in
            func value<T>(_ made: T?, _ what: String, _ text: String) throws -> T {
                guard let made else { throw Problem(description: "track \(raw.slug): unknown \(what) '\(text)'") }
                return made
            }
            guard ExperienceRules.isSlug(raw.slug) else { throw Problem(description: "track \(raw.slug): the slug is not valid") }
            let track = Track(
                slug: raw.slug, theme: try value(TrackTheme(rawValue: raw.theme), "theme", raw.theme), offerSlug: raw.offer,
                focusAreas: try raw.focus_areas.map { try value(FocusArea(slug: $0), "focus area", $0) },
                openForApplications: raw.open_for_applications, title: raw.title.trimmed, aim: raw.aim.trimmed,
                description: raw.description.trimmed,
                phases: try raw.phases.map { phase in
                    guard Format.parseDay(phase.from) != nil, Format.parseDay(phase.until) != nil, phase.from <= phase.until else {
                        throw Problem(description: "track \(raw.slug): phase \(phase.name.nl) has wrong days")
                    }
                    return TrackPhase(name: phase.name, from: phase.from, until: phase.until)
                })
            let results = try (raw.results ?? []).map { result in
                let made = TrackResult(
                    slug: result.slug, title: result.title.trimmed, summary: result.summary.trimmed, document: result.document.trimmed,
                    lessons: result.lessons.trimmed, publishedOn: result.published_on)
                let offer = try result.offer.map {
                    made.offer(
                        slug: $0.slug, form: try value(OfferForm(rawValue: $0.form), "form", $0.form),
                        audiences: try $0.audiences.map { try value(Audience(rawValue: $0), "audience", $0) }, duration: $0.duration,
                        cost: $0.cost, track: track)
                }
                if let offer, let problem = OfferRules.problems(offer).first {
                    throw Problem(description: "track \(raw.slug): result \(result.slug)'s offer: \(problem.field) (\(problem.message))")
                }
                return ResultEntry(result: made, offer: offer)
            }
            return Entry(track: track, participants: raw.participants.map { ($0.municipality, $0.role) }, results: results)
        }
    }
}
