import Foundation

/// Where a challenge stands (docs/challenges.md, "Steps").
public enum ChallengeStatus: String, CaseIterable, Codable, Sendable {
    case ingediend
    case nietOntvankelijk = "niet-ontvankelijk"
    case ontvankelijk
    case inGesprek = "in-gesprek"
    case voorstel
    case advies
    case toegekend
    case deelsToegekend = "deels-toegekend"
    case afgewezen
    case overeenkomst
    case uitvoering
    case geevalueerd
    case ingetrokken

    public var name: LocalizedText {
        switch self {
        case .ingediend: LocalizedText(nl: "Ingediend", en: "Submitted")
        case .nietOntvankelijk: LocalizedText(nl: "Niet ontvankelijk", en: "Not admissible")
        case .ontvankelijk: LocalizedText(nl: "Ontvankelijk", en: "Admissible")
        case .inGesprek: LocalizedText(nl: "In gesprek", en: "In conversation")
        case .voorstel: LocalizedText(nl: "Voorstel ingediend", en: "Proposal submitted")
        case .advies: LocalizedText(nl: "Ambtelijk advies gegeven", en: "Official advice given")
        case .toegekend: LocalizedText(nl: "Toegekend door het college", en: "Granted by the college")
        case .deelsToegekend: LocalizedText(nl: "Deels toegekend door het college", en: "Partly granted by the college")
        case .afgewezen: LocalizedText(nl: "Afgewezen door het college", en: "Rejected by the college")
        case .overeenkomst: LocalizedText(nl: "Overeenkomst gesloten", en: "Agreement made")
        case .uitvoering: LocalizedText(nl: "In uitvoering", en: "Being carried out")
        case .geevalueerd: LocalizedText(nl: "Geëvalueerd", en: "Evaluated")
        case .ingetrokken: LocalizedText(nl: "Ingetrokken", en: "Withdrawn")
        }
    }

    /// Ended: nothing more happens.
    public var isClosed: Bool { [.nietOntvankelijk, .afgewezen, .geevalueerd, .ingetrokken].contains(self) }

    /// Shown in the public register: every challenge that passed the first check.
    public var isInRegister: Bool { self != .ingediend && self != .nietOntvankelijk }

    /// The term the municipality is working against in this status, if any.
    public var term: ChallengeTerm? {
        switch self {
        case .ingediend: .ontvankelijkheid
        case .ontvankelijk: .gesprek
        case .voorstel: .advies
        case .advies: .besluit
        case .toegekend, .deelsToegekend: .overeenkomst
        default: nil
        }
    }
}

/// The college's decision on a worked-out proposal.
public enum ChallengeDecision: String, CaseIterable, Codable, Sendable {
    case toegekend
    case deels
    case afgewezen

    public var status: ChallengeStatus {
        switch self {
        case .toegekend: .toegekend
        case .deels: .deelsToegekend
        case .afgewezen: .afgewezen
        }
    }

    public var name: LocalizedText {
        switch self {
        case .toegekend: LocalizedText(nl: "Toegekend", en: "Granted")
        case .deels: LocalizedText(nl: "Deels toegekend", en: "Partly granted")
        case .afgewezen: LocalizedText(nl: "Afgewezen", en: "Rejected")
        }
    }
}

/// How the official advice judges one condition.
public enum ConditionVerdict: String, CaseIterable, Codable, Sendable {
    case voldoet
    case deels
    case voldoetNiet = "voldoet-niet"

    public var name: LocalizedText {
        switch self {
        case .voldoet: LocalizedText(nl: "Voldoet", en: "Met")
        case .deels: LocalizedText(nl: "Voldoet deels", en: "Partly met")
        case .voldoetNiet: LocalizedText(nl: "Voldoet niet", en: "Not met")
        }
    }
}

/// The advice's judgement of one condition, with the explanation the challengers read.
public struct ConditionAssessment: Codable, Equatable, Sendable {
    public let condition: ChallengeCondition
    public let verdict: ConditionVerdict
    public let explanation: String

    public init(condition: ChallengeCondition, verdict: ConditionVerdict, explanation: String) {
        self.condition = condition
        self.verdict = verdict
        self.explanation = explanation
    }
}

/// Who moves a challenge on: a handler of the municipality, or the group through its follow-up link.
public enum ChallengeActor: Sendable, Equatable {
    case handler
    case group
}

/// A change to a challenge, with what it needs. Days are yyyy-MM-dd.
public enum ChallengeAction: Sendable, Equatable {
    case admit
    /// Not admissible: the condition that failed (nil: an excluded or unknown task) and why.
    case refuseAdmission(condition: ChallengeCondition?, reason: String)
    case meeting(on: String, notes: String)
    case submitProposal(text: String)
    case advise(assessments: [ConditionAssessment], summary: String)
    case decide(ChallengeDecision, reasons: String, on: String)
    case agree(from: String, until: String, budget: Int?, method: String, reporting: String)
    case reportProgress(text: String)
    /// One side's evaluation; the challenge is evaluated once both sides wrote theirs.
    case evaluate(text: String, otherSideDone: Bool)
    case withdraw

    /// The name used in forms and in the history.
    public var key: String {
        switch self {
        case .admit: "ontvankelijk"
        case .refuseAdmission: "niet-ontvankelijk"
        case .meeting: "gesprek"
        case .submitProposal: "voorstel"
        case .advise: "advies"
        case .decide: "besluit"
        case .agree: "overeenkomst"
        case .reportProgress: "voortgang"
        case .evaluate: "evaluatie"
        case .withdraw: "intrekken"
        }
    }
}

/// The challenge's state machine: every change is checked here, and only these moves exist.
///
///     ingediend → ontvankelijk, or niet ontvankelijk (with the condition that failed and a reason)
///     ontvankelijk, in gesprek → in gesprek (a conversation: day and notes, shared with the group)
///     in gesprek, voorstel → voorstel (the group's worked-out proposal; a better one replaces it before the advice)
///     voorstel, advies → advies (a judgement of every condition of the rules)
///     advies → toegekend, deels toegekend or afgewezen (the college's decision: reasons and day required)
///     toegekend, deels toegekend → overeenkomst (period, budget, way of working, what is reported)
///     overeenkomst, uitvoering → uitvoering (progress reports, from either side)
///     uitvoering → uitvoering, then geëvalueerd once both sides evaluated
///     before the decision → ingetrokken (by the group)
public enum ChallengeWorkflow {
    public typealias Refusal = RequestWorkflow.Refusal

    public static let maxText = 8_000
    public static let maxReason = 2_000
    public static let maxBudget = 100_000_000

    /// The next status, or why not. `conditions` are the rules' conditions, which an advice must all judge;
    /// `today` bounds the days of conversations and decisions, which record what happened.
    public static func apply(
        _ action: ChallengeAction, to status: ChallengeStatus, by actor: ChallengeActor, conditions: [ChallengeCondition],
        today: String
    ) -> Result<ChallengeStatus, Refusal> {
        switch (action, actor) {
        case (.admit, .handler):
            return move(status, from: [.ingediend], to: .ontvankelijk)
        case (.refuseAdmission(_, let reason), .handler):
            if let refusal = text(reason, field: "reason", max: maxReason, message: "challenge.error.reason_required") {
                return .failure(refusal)
            }
            return move(status, from: [.ingediend], to: .nietOntvankelijk)
        case (.meeting(let day, let notes), .handler):
            if let refusal = past(day, field: "meetingOn", today: today) { return .failure(refusal) }
            if let refusal = text(notes, field: "notes", max: maxText, message: "challenge.error.notes_required") {
                return .failure(refusal)
            }
            return move(status, from: [.ontvankelijk, .inGesprek], to: .inGesprek)
        case (.submitProposal(let proposal), _):
            if let refusal = text(proposal, field: "proposal", max: maxText, message: "challenge.error.proposal_required") {
                return .failure(refusal)
            }
            return move(status, from: [.inGesprek, .voorstel], to: .voorstel)
        case (.advise(let assessments, let summary), .handler):
            for condition in conditions {
                guard let assessment = assessments.first(where: { $0.condition == condition }) else {
                    return .failure(Refusal("challenge.error.verdict_required", field: "verdict-\(condition.rawValue)"))
                }
                if assessment.verdict != .voldoet,
                    let refusal = text(
                        assessment.explanation, field: "explanation-\(condition.rawValue)", max: maxReason,
                        message: "challenge.error.explanation_required")
                {
                    return .failure(refusal)
                }
                if assessment.explanation.count > maxReason {
                    return .failure(Refusal("error.too_long", field: "explanation-\(condition.rawValue)", limit: maxReason))
                }
            }
            if let refusal = text(summary, field: "summary", max: maxText, message: "challenge.error.summary_required") {
                return .failure(refusal)
            }
            return move(status, from: [.voorstel, .advies], to: .advies)
        case (.decide(let decision, let reasons, let day), .handler):
            if let refusal = text(reasons, field: "reasons", max: maxText, message: "challenge.error.reasons_required") {
                return .failure(refusal)
            }
            if let refusal = past(day, field: "decidedOn", today: today) { return .failure(refusal) }
            return move(status, from: [.advies], to: decision.status)
        case (.agree(let from, let until, let budget, let method, let reporting), .handler):
            guard let start = Format.parseDay(from).map(Format.day) else {
                return .failure(Refusal("challenge.error.date", field: "agreementFrom"))
            }
            guard let end = Format.parseDay(until).map(Format.day) else {
                return .failure(Refusal("challenge.error.date", field: "agreementUntil"))
            }
            if end <= start { return .failure(Refusal("challenge.error.period", field: "agreementUntil")) }
            if let budget, !(0...maxBudget).contains(budget) {
                return .failure(Refusal("challenge.error.budget", field: "agreementBudget", limit: maxBudget))
            }
            if let refusal = text(method, field: "method", max: maxText, message: "challenge.error.method_required") {
                return .failure(refusal)
            }
            if let refusal = text(reporting, field: "reporting", max: maxReason, message: "challenge.error.reporting_required") {
                return .failure(refusal)
            }
            return move(status, from: [.toegekend, .deelsToegekend], to: .overeenkomst)
        case (.reportProgress(let report), _):
            if let refusal = text(report, field: "progress", max: maxText, message: "challenge.error.progress_required") {
                return .failure(refusal)
            }
            return move(status, from: [.overeenkomst, .uitvoering], to: .uitvoering)
        case (.evaluate(let evaluation, let otherSideDone), _):
            if let refusal = text(evaluation, field: "evaluation", max: maxText, message: "challenge.error.evaluation_required") {
                return .failure(refusal)
            }
            return move(status, from: [.uitvoering], to: otherSideDone ? .geevalueerd : .uitvoering)
        case (.withdraw, .group):
            return move(status, from: [.ingediend, .ontvankelijk, .inGesprek, .voorstel, .advies], to: .ingetrokken)
        default:
            return .failure(Refusal("challenge.error.not_yours"))
        }
    }

    /// The changes an actor can make in a status, in the order a page offers them.
    public static func actions(for status: ChallengeStatus, by actor: ChallengeActor, conditions: [ChallengeCondition]) -> [String] {
        let advice = conditions.map { ConditionAssessment(condition: $0, verdict: .voldoet, explanation: "") }
        let all: [ChallengeAction] = [
            .admit, .refuseAdmission(condition: nil, reason: "x"), .meeting(on: "2000-01-01", notes: "x"), .submitProposal(text: "x"),
            .advise(assessments: advice, summary: "x"), .decide(.toegekend, reasons: "x", on: "2000-01-01"),
            .agree(from: "2000-01-01", until: "2000-01-02", budget: nil, method: "x", reporting: "x"), .reportProgress(text: "x"),
            .evaluate(text: "x", otherSideDone: false), .withdraw,
        ]
        return all.filter {
            (try? apply($0, to: status, by: actor, conditions: conditions, today: "9999-12-31").get()) != nil
        }.map(\.key)
    }

    private static func move(_ status: ChallengeStatus, from allowed: [ChallengeStatus], to next: ChallengeStatus) -> Result<
        ChallengeStatus, Refusal
    > {
        allowed.contains(status) ? .success(next) : .failure(Refusal("challenge.error.transition"))
    }

    private static func text(_ value: String, field: String, max: Int, message missing: String) -> Refusal? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return Refusal(missing, field: field) }
        if trimmed.count > max { return Refusal("error.too_long", field: field, limit: max) }
        return nil
    }

    /// A day that has happened: a real day, not after today.
    private static func past(_ day: String, field: String, today: String) -> Refusal? {
        guard let date = Format.parseDay(day) else { return Refusal("challenge.error.date", field: field) }
        return Format.day(date) > today ? Refusal("challenge.error.date_future", field: field) : nil
    }
}

/// The terms of a challenge: when the municipality's next step is due, counted in whole weeks from the day the
/// term starts (docs/challenges.md, "Terms").
public enum ChallengeTerms {
    /// The day (yyyy-MM-dd) the next step is due in this status, or nil when no term runs. `since` is the day the
    /// challenge reached its status; `proposalOn` the day the worked-out proposal came in (advice and decision count
    /// from it).
    public static func due(status: ChallengeStatus, since: String, proposalOn: String?, rules: ChallengeRules) -> String? {
        guard let term = status.term else { return nil }
        let start = (term == .advies || term == .besluit) ? (proposalOn ?? since) : since
        return Format.day(start, addingDays: 7 * rules.weeks(term))
    }

    /// Due and not done by the end of the due day.
    public static func isOverdue(due: String?, today: String) -> Bool {
        guard let due else { return false }
        return today > due
    }
}

extension Format {
    /// A stored day moved by a number of days (calendar days in the Netherlands); nil when it is not a day.
    public static func day(_ text: String, addingDays days: Int) -> String? {
        guard let date = parseDay(text), let moved = dutchCalendar.date(byAdding: .day, value: days, to: date) else { return nil }
        return day(moved)
    }
}
