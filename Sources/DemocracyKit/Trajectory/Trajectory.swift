import Foundation

/// How a step of the trajectory was reached.
public enum StepReason: String, CaseIterable, Codable, Sendable {
    /// Programme staff accepted the sign-up.
    case signupAccepted = "aanmelding-geaccepteerd"
    /// A conversation of this kind was held (startgesprek, verdiepingsgesprek).
    case conversationHeld = "gesprek-gehouden"
    /// A scan opened, or closed (and so has a report).
    case scanOpened = "scan-geopend"
    case scanClosed = "scan-gesloten"
    /// The coordinator sent the improvement agenda to the servicepunt.
    case agendaSent = "agenda-verstuurd"
    /// An offer was carried out.
    case offerCarriedOut = "aanbod-uitgevoerd"
    /// The facilitator or programme staff marked it, with the day.
    case marked = "gemarkeerd"
    /// Reached together with a later step, whose work showed this one was done too.
    case withLaterStep = "met-latere-stap"

    /// Whether this work shows the earlier steps were done too. A closed scan shows it was prepared and opened;
    /// an offer carried out does not show that an agenda was written (an offer can come first).
    public var impliesEarlierSteps: Bool { self != .offerCarriedOut }

    public var name: LocalizedText {
        switch self {
        case .signupAccepted: LocalizedText(nl: "de aanmelding is geaccepteerd", en: "the sign-up was accepted")
        case .conversationHeld: LocalizedText(nl: "het gesprek is gehouden", en: "the conversation took place")
        case .scanOpened: LocalizedText(nl: "de scan ging open", en: "the scan opened")
        case .scanClosed: LocalizedText(nl: "de scan is gesloten", en: "the scan closed")
        case .agendaSent: LocalizedText(nl: "de verbeteragenda is verstuurd", en: "the improvement agenda was sent")
        case .offerCarriedOut: LocalizedText(nl: "aanbod is uitgevoerd", en: "an offer was carried out")
        case .marked: LocalizedText(nl: "gemarkeerd", en: "marked")
        case .withLaterStep: LocalizedText(nl: "samen met een latere stap", en: "together with a later step")
        }
    }
}

extension TrajectoryStep {
    /// Who acts in this step.
    public var actor: LocalizedText {
        switch self {
        case .aanmelding: LocalizedText(nl: "De gemeente en het programmateam", en: "The municipality and the programme team")
        case .startgesprek, .agenderingsgesprek:
            LocalizedText(nl: "De begeleider en de stuurgroep", en: "The facilitator and the steering group")
        case .quickScan:
            LocalizedText(
                nl: "De trekker; raad, college, ambtenaren en inwoners vullen in",
                en: "The coordinator; council, college, civil servants and inhabitants answer")
        case .rapport:
            LocalizedText(nl: "Het platform, als de trekker de scan sluit", en: "The platform, when the coordinator closes the scan")
        case .verbeteragenda: LocalizedText(nl: "De trekker", en: "The coordinator")
        case .aanbod: LocalizedText(nl: "De trekker en het programmateam", en: "The coordinator and the programme team")
        case .herhaalscan: LocalizedText(nl: "De trekker", en: "The coordinator")
        }
    }
}

/// Where a municipality's trajectory stands: the day each step was reached, and how. Pure: the store keeps the
/// rows, this says what they mean and which changes are allowed.
public struct TrajectoryState: Sendable, Equatable {
    public struct Reached: Sendable, Equatable {
        public let day: String
        public let reason: StepReason
        /// Who marked it, when it was marked by hand.
        public let by: String?

        public init(day: String, reason: StepReason, by: String? = nil) {
            self.day = day
            self.reason = reason
            self.by = by
        }
    }

    public let reached: [TrajectoryStep: Reached]

    public init(reached: [TrajectoryStep: Reached]) {
        self.reached = reached
    }

    /// The first step not reached yet; nil when the whole trajectory is done.
    public var current: TrajectoryStep? { TrajectoryStep.allCases.first { reached[$0] == nil } }

    /// The last step reached, and since when the trajectory stands where it stands.
    public var lastReached: (step: TrajectoryStep, day: String)? {
        TrajectoryStep.allCases.reversed().first { reached[$0] != nil }.map { ($0, reached[$0]!.day) }
    }

    /// Why a step cannot be marked as reached on this day, or nil when it can: only the current step, on a real
    /// day that is not in the future and not before the step before it.
    public func refusal(marking step: TrajectoryStep, on day: String, today: String) -> String? {
        guard let date = Format.parseDay(day) else { return "trajectory.error.date" }
        let normalized = Format.day(date)
        if normalized > today { return "trajectory.error.date_future" }
        guard step == current else { return "trajectory.error.not_current" }
        if let previous = TrajectoryStep(rawValue: step.rawValue - 1), let before = reached[previous], normalized < before.day {
            return "trajectory.error.date_before_previous"
        }
        return nil
    }

    /// The steps to take back when a scan that closed on `day` opens again: the step its closing reached, with the
    /// steps reached together with it, as long as nothing was reached after it. Empty when the trajectory moved on
    /// (or was marked by hand), so that no later work disappears from it.
    public func undoingClose(on day: String) -> [TrajectoryStep] {
        guard let (last, lastDay) = lastReached, lastDay == day, reached[last]?.reason == .scanClosed else { return [] }
        var steps = [last]
        var step = last
        while let earlier = TrajectoryStep(rawValue: step.rawValue - 1), let record = reached[earlier],
            record.reason == .withLaterStep, record.day == day
        {
            steps.append(earlier)
            step = earlier
        }
        return steps
    }

    /// The steps to record when work shows `step` is done on `day`: the step itself and, when the work implies
    /// them, every earlier step not reached yet. Empty when the step was reached already.
    public func reaching(_ step: TrajectoryStep, on day: String, because reason: StepReason) -> [(TrajectoryStep, Reached)] {
        guard reached[step] == nil else { return [] }
        guard reason.impliesEarlierSteps else { return [(step, Reached(day: day, reason: reason))] }
        return TrajectoryStep.allCases.filter { $0.rawValue < step.rawValue && reached[$0] == nil }
            .map { ($0, Reached(day: day, reason: .withLaterStep)) } + [(step, Reached(day: day, reason: reason))]
    }
}

/// The conversations of a trajectory.
public enum ConversationKind: String, CaseIterable, Codable, Sendable {
    case startgesprek, verdiepingsgesprek, vervolggesprek

    public var name: LocalizedText {
        switch self {
        case .startgesprek: LocalizedText(nl: "Startgesprek", en: "Start conversation")
        case .verdiepingsgesprek: LocalizedText(nl: "Verdiepingsgesprek (agenderingsgesprek)", en: "In-depth conversation (agenda setting)")
        case .vervolggesprek: LocalizedText(nl: "Vervolggesprek", en: "Follow-up conversation")
        }
    }

    /// The step of the trajectory that holding this conversation completes.
    public var completes: TrajectoryStep? {
        switch self {
        case .startgesprek: .startgesprek
        case .verdiepingsgesprek: .agenderingsgesprek
        case .vervolggesprek: nil
        }
    }
}

/// What a conversation records, and its limits.
public struct ConversationDraft: Sendable, Equatable {
    public var kind: String
    public var heldOn: String
    public var participants: String
    public var notes: String
    public var decisions: String
    public var followUp: String

    public init(kind: String, heldOn: String, participants: String, notes: String, decisions: String, followUp: String) {
        self.kind = kind
        self.heldOn = heldOn
        self.participants = participants
        self.notes = notes
        self.decisions = decisions
        self.followUp = followUp
    }

    /// The same, without spaces and empty lines around each text.
    public var trimmed: ConversationDraft {
        let trim = { (text: String) in text.trimmingCharacters(in: .whitespacesAndNewlines) }
        return ConversationDraft(
            kind: trim(kind), heldOn: trim(heldOn), participants: trim(participants), notes: trim(notes), decisions: trim(decisions),
            followUp: trim(followUp))
    }

    public static let maxParticipants = 2_000
    public static let maxNotes = 20_000
    public static let maxDecisions = 10_000

    public var problems: [FieldError] {
        var errors: [FieldError] = []
        if ConversationKind(rawValue: kind) == nil { errors.append(FieldError(field: "kind", message: "conversation.error.kind")) }
        if Format.parseDay(heldOn.trimmingCharacters(in: .whitespaces)) == nil {
            errors.append(FieldError(field: "heldOn", message: "conversation.error.date"))
        }
        if let error = Validate.required(
            participants, field: "participants", max: Self.maxParticipants, message: "conversation.error.participants")
        {
            errors.append(error)
        }
        errors += [
            Validate.optional(notes, field: "notes", max: Self.maxNotes),
            Validate.optional(decisions, field: "decisions", max: Self.maxDecisions),
            Validate.optional(followUp, field: "followUp", max: Self.maxDecisions),
        ].compactMap { $0 }
        return errors
    }
}
