import Foundation

/// Where a municipality's request for an offer stands (docs/catalogue.md, "Requests").
public enum RequestStatus: String, CaseIterable, Codable, Sendable {
    case ingediend
    case inBehandeling = "in-behandeling"
    case toegekend, afgewezen, gepland, uitgevoerd
    case geevalueerd
    case ingetrokken

    public var name: LocalizedText {
        switch self {
        case .ingediend: LocalizedText(nl: "Ingediend", en: "Submitted")
        case .inBehandeling: LocalizedText(nl: "In behandeling", en: "In progress")
        case .toegekend: LocalizedText(nl: "Toegekend", en: "Granted")
        case .afgewezen: LocalizedText(nl: "Afgewezen", en: "Refused")
        case .gepland: LocalizedText(nl: "Gepland", en: "Planned")
        case .uitgevoerd: LocalizedText(nl: "Uitgevoerd", en: "Carried out")
        case .geevalueerd: LocalizedText(nl: "Geëvalueerd", en: "Evaluated")
        case .ingetrokken: LocalizedText(nl: "Ingetrokken", en: "Withdrawn")
        }
    }

    /// Still on its way: neither ended (refused, withdrawn) nor evaluated.
    public var isOpen: Bool { ![.afgewezen, .ingetrokken, .geevalueerd].contains(self) }

    /// Counts as using the offer, so it is not recommended again.
    public var usesOffer: Bool { self != .afgewezen && self != .ingetrokken }
}

/// Who asks for a change: the municipality (its coordinator or facilitator) or the programme's staff.
public enum RequestActor: Sendable, Equatable {
    case municipality
    case programme
}

/// A change to a request, with what it needs.
public enum RequestAction: Sendable, Equatable {
    case startHandling
    case grant
    case reject(reason: String)
    /// `on` is a day, yyyy-MM-dd.
    case plan(on: String)
    case markDone
    case evaluate(rating: Int, lessons: String)
    case withdraw

    /// The name used in forms and in the history.
    public var key: String {
        switch self {
        case .startHandling: "in-behandeling"
        case .grant: "toekennen"
        case .reject: "afwijzen"
        case .plan: "plannen"
        case .markDone: "uitgevoerd"
        case .evaluate: "evalueren"
        case .withdraw: "intrekken"
        }
    }
}

/// The request's state machine: every change is checked here, and only these moves exist.
///
///     ingediend → in behandeling → toegekend → gepland → uitgevoerd → geëvalueerd (by the municipality)
///     ingediend, in behandeling → afgewezen (with a reason)
///     ingediend, in behandeling, toegekend → ingetrokken (by the municipality, until it is planned)
///     gepland → gepland (another date)
public enum RequestWorkflow {
    public static let maxReason = 1_000
    public static let maxLessons = 4_000
    public static let maxMotivation = 2_000
    public static let ratings = 1...5

    /// Why a change is refused: a key into the interface strings, naming the field when it is about input.
    public struct Refusal: Error, Equatable, Sendable {
        public let field: String?
        public let message: String
        public let limit: Int?

        public init(_ message: String, field: String? = nil, limit: Int? = nil) {
            self.field = field
            self.message = message
            self.limit = limit
        }
    }

    /// The next status, or why not. `today` is a day (yyyy-MM-dd) in the Netherlands, for planned dates.
    public static func apply(
        _ action: RequestAction, to status: RequestStatus, by actor: RequestActor, today: String
    ) -> Result<RequestStatus, Refusal> {
        switch (action, actor) {
        case (.startHandling, .programme):
            return move(status, from: [.ingediend], to: .inBehandeling)
        case (.grant, .programme):
            return move(status, from: [.ingediend, .inBehandeling], to: .toegekend)
        case (.reject(let reason), .programme):
            let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { return .failure(Refusal("request.error.reason_required", field: "reason")) }
            if trimmed.count > maxReason { return .failure(Refusal("error.too_long", field: "reason", limit: maxReason)) }
            return move(status, from: [.ingediend, .inBehandeling], to: .afgewezen)
        case (.plan(let day), .programme):
            guard let date = Format.parseDay(day) else { return .failure(Refusal("request.error.date", field: "plannedOn")) }
            if Format.day(date) < today { return .failure(Refusal("request.error.date_past", field: "plannedOn")) }
            return move(status, from: [.toegekend, .gepland], to: .gepland)
        case (.markDone, .programme):
            return move(status, from: [.gepland], to: .uitgevoerd)
        case (.evaluate(let rating, let lessons), .municipality):
            if !ratings.contains(rating) { return .failure(Refusal("request.error.rating", field: "rating")) }
            let trimmed = lessons.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { return .failure(Refusal("request.error.lessons_required", field: "lessons")) }
            if trimmed.count > maxLessons { return .failure(Refusal("error.too_long", field: "lessons", limit: maxLessons)) }
            return move(status, from: [.uitgevoerd], to: .geevalueerd)
        case (.withdraw, .municipality):
            return move(status, from: [.ingediend, .inBehandeling, .toegekend], to: .ingetrokken)
        default:
            return .failure(Refusal("request.error.not_yours"))
        }
    }

    private static func move(_ status: RequestStatus, from allowed: [RequestStatus], to next: RequestStatus) -> Result<
        RequestStatus, Refusal
    > {
        allowed.contains(status) ? .success(next) : .failure(Refusal("request.error.transition"))
    }

    /// The changes the actor can make now, in the order a page offers them.
    public static func actions(for status: RequestStatus, by actor: RequestActor) -> [String] {
        let all: [RequestAction] = [
            .startHandling, .grant, .reject(reason: "x"), .plan(on: "9999-12-31"), .markDone,
            .evaluate(rating: 3, lessons: "x"), .withdraw,
        ]
        return all.filter { (try? apply($0, to: status, by: actor, today: "0000-01-01").get()) != nil }.map(\.key)
    }

    /// Whether a new request may be made: only for an available offer, with a motivation, and not while the
    /// municipality has an open request for the same offer.
    public static func problems(offer: Offer?, motivation: String, openForSameOffer: Bool) -> [FieldError] {
        var errors: [FieldError] = []
        if let offer, !offer.status.isAvailable {
            errors.append(FieldError(field: "offer", message: "request.error.offer_unavailable"))
        } else if offer == nil {
            errors.append(FieldError(field: "offer", message: "request.error.offer_unknown"))
        } else if openForSameOffer {
            errors.append(FieldError(field: "offer", message: "request.error.already_open"))
        }
        if let error = Validate.required(motivation, field: "motivation", max: maxMotivation, message: "request.error.motivation_required")
        {
            errors.append(error)
        }
        return errors
    }
}

/// An evaluated request as the start of a shared experience ("Leren van elkaar"): the offer, its focus areas, the
/// period from request to evaluation, the rating and the lessons. The municipality then writes its story and what
/// did not work before the experience is shared; nothing is shared by this step alone.
public struct ExperienceStart: Equatable, Sendable {
    public let offerSlug: String
    public let title: LocalizedText
    public let focusAreas: [FocusArea]
    /// Days (yyyy-MM-dd): when the request was made and when it was evaluated.
    public let from: String
    public let until: String
    public let rating: Int
    public let lessons: String

    /// Only an evaluated request, with its rating and lessons, starts an experience.
    public static func of(
        status: RequestStatus, offer: Offer, rating: Int?, lessons: String?, requestedOn: String, evaluatedOn: String
    ) -> ExperienceStart? {
        guard status == .geevalueerd, let rating, RequestWorkflow.ratings.contains(rating),
            let lessons = lessons?.trimmingCharacters(in: .whitespacesAndNewlines), !lessons.isEmpty
        else { return nil }
        return ExperienceStart(
            offerSlug: offer.slug,
            title: LocalizedText(nl: "Onze ervaring met \(offer.title.nl)", en: "Our experience with \(offer.title.en)"),
            focusAreas: offer.focusAreas, from: requestedOn, until: evaluatedOn, rating: rating, lessons: lessons)
    }
}
