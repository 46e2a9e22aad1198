import Foundation

/// How the results of a participation project go back to one audience (inhabitants, or the council): who tells
/// them, by which day, and how.
public struct PlanFeedback: Codable, Sendable, Equatable {
    public var who: String
    /// yyyy-MM-dd, or empty while not known yet.
    public var due: String
    public var how: String

    public init(who: String = "", due: String = "", how: String = "") {
        self.who = who
        self.due = due
        self.how = how
    }

    public var isComplete: Bool { !who.isEmpty && !due.isEmpty && !how.isEmpty }
}

/// The audiences a plan reports back to.
public enum FeedbackAudience: String, CaseIterable, Sendable {
    case inwoners, raad

    public var name: LocalizedText {
        switch self {
        case .inwoners: LocalizedText(nl: "Terugkoppeling aan inwoners", en: "Feedback to inhabitants")
        case .raad: LocalizedText(nl: "Terugkoppeling aan de raad", en: "Feedback to the council")
        }
    }
}

/// A participation plan (docs/participation.md): the question the advisor was asked, the methods the municipality
/// chose in their order with what each is for, when and by whom, how the results go back to inhabitants and to the
/// council, and the priority of the verbeteragenda it serves.
public struct ParticipationPlan: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        /// A method's id in the catalogue.
        public var method: String
        public var purpose: String
        /// A period in the coordinator's words, for example "maart en april 2027".
        public var when: String
        public var who: String

        public init(method: String, purpose: String = "", when: String = "", who: String = "") {
            self.method = method
            self.purpose = purpose
            self.when = when
            self.who = who
        }
    }

    public var question: AdvisorQuestion
    public var steps: [Step]
    public var inhabitants: PlanFeedback
    public var council: PlanFeedback
    /// The focus area of the verbeteragenda's priority this plan serves.
    public var agendaArea: FocusArea?

    public init(
        question: AdvisorQuestion, steps: [Step], inhabitants: PlanFeedback = PlanFeedback(), council: PlanFeedback = PlanFeedback(),
        agendaArea: FocusArea? = nil
    ) {
        self.question = question
        self.steps = steps
        self.inhabitants = inhabitants
        self.council = council
        self.agendaArea = agendaArea
    }

    /// One more row than the advisor's largest mix, so a coordinator can add a method of their own.
    public static let maxSteps = ParticipationAdvisor.maxPicks + 1
    public static let maxPurpose = 500
    public static let maxWhen = 100
    public static let maxWho = 200
    public static let maxHow = 1_000

    public var title: String { question.project }

    public func feedback(_ audience: FeedbackAudience) -> PlanFeedback {
        audience == .inwoners ? inhabitants : council
    }

    /// The advisor's warnings for the methods as the municipality chose them: a promise of influence the methods do
    /// not give, or a group none of them reaches. Methods no longer in the catalogue are left out.
    public func warnings(in catalogue: MethodCatalogue) -> [LocalizedText] {
        ParticipationAdvisor.warnings(steps.compactMap { catalogue.method($0.method) }, question)
    }

    /// The plan as the advisor would start it: its methods in order, each with the first reason as its purpose.
    public static func from(advice: Advice, for question: AdvisorQuestion, language: Language) -> ParticipationPlan {
        ParticipationPlan(
            question: question,
            steps: advice.picks.map { Step(method: $0.method.id, purpose: $0.method.summary(language)) })
    }
}

/// Whether a plan may go to the council: only once it says how the results go back to inhabitants and to the
/// council, since a council that decides on a plan must know how the people who take part will hear what happened.
public enum PlanSharing {
    /// The message keys of what is still missing, one per audience; empty when the plan may be shared.
    public static func problems(_ plan: ParticipationPlan) -> [(audience: FeedbackAudience, message: String)] {
        FeedbackAudience.allCases.filter { !plan.feedback($0).isComplete }.map {
            ($0, $0 == .inwoners ? "plan.error.share_inhabitants" : "plan.error.share_council")
        }
    }
}

/// The plan form as typed: the advisor's question (the same fields as the advisor), a row per method, the two
/// feedback parts and the agenda's priority.
public struct ParticipationPlanForm: Sendable {
    public let values: [String: String]
    public let groups: [String]

    public init(values: [String: String], groups: [String]) {
        self.values = values
        self.groups = groups
    }

    public static let questionFields = ["project", "phase", "influence", "scale", "weeks", "budget"]
    public static let stepFields = ["method", "purpose", "when", "who"]
    public static let feedbackFields = ["who", "due", "how"]

    /// Every field but the groups' checkboxes, which arrive as a list.
    public static var fieldNames: [String] {
        questionFields + (1...ParticipationPlan.maxSteps).flatMap { s in stepFields.map { "s\(s)-\($0)" } }
            + FeedbackAudience.allCases.flatMap { a in feedbackFields.map { "\(a.rawValue)-\($0)" } } + ["agenda"]
    }

    /// The plan, or every problem with it, each naming its field. `agendaAreas` are the priorities of the current
    /// verbeteragenda; a plan can only point at one of them.
    public func plan(catalogue: MethodCatalogue, agendaAreas: [FocusArea]) -> Result<ParticipationPlan, StoreFailure> {
        var errors: [FieldError] = []
        var question: AdvisorQuestion?
        do {
            question = try AdvisorQuestion.read(values, groups: groups)
        } catch StoreFailure.fields(let questionErrors) {
            errors += questionErrors
        } catch {
            errors.append(FieldError(field: "project", message: "error.form_tampered"))
        }
        func text(_ name: String) -> String { (values[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

        var steps: [ParticipationPlan.Step] = []
        var chosen: Set<String> = []
        for s in 1...ParticipationPlan.maxSteps {
            let row = Dictionary(uniqueKeysWithValues: Self.stepFields.map { ($0, text("s\(s)-\($0)")) })
            guard row.values.contains(where: { !$0.isEmpty }) else { continue }
            let method = row["method"] ?? ""
            if catalogue.method(method) == nil {
                errors.append(FieldError(field: "s\(s)-method", message: "plan.error.method"))
            } else if !chosen.insert(method).inserted {
                errors.append(FieldError(field: "s\(s)-method", message: "plan.error.method_twice"))
            }
            for (field, max) in [
                ("purpose", ParticipationPlan.maxPurpose), ("when", ParticipationPlan.maxWhen), ("who", ParticipationPlan.maxWho),
            ] {
                if let error = Validate.optional(row[field] ?? "", field: "s\(s)-\(field)", max: max) { errors.append(error) }
            }
            steps.append(
                ParticipationPlan.Step(method: method, purpose: row["purpose"] ?? "", when: row["when"] ?? "", who: row["who"] ?? ""))
        }
        if steps.isEmpty { errors.append(FieldError(field: "s1-method", message: "plan.error.no_steps")) }

        var feedback: [FeedbackAudience: PlanFeedback] = [:]
        for audience in FeedbackAudience.allCases {
            let prefix = audience.rawValue + "-"
            let who = text(prefix + "who"), due = text(prefix + "due"), how = text(prefix + "how")
            if let error = Validate.optional(who, field: prefix + "who", max: ParticipationPlan.maxWho) { errors.append(error) }
            if let error = Validate.optional(how, field: prefix + "how", max: ParticipationPlan.maxHow) { errors.append(error) }
            let day = Format.parseDay(due).map(Format.day)
            if !due.isEmpty && day == nil { errors.append(FieldError(field: prefix + "due", message: "plan.error.due")) }
            feedback[audience] = PlanFeedback(who: who, due: day ?? "", how: how)
        }

        var area: FocusArea?
        let agenda = text("agenda")
        if !agenda.isEmpty {
            area = Int(agenda).flatMap(FocusArea.init(rawValue:)).flatMap { agendaAreas.contains($0) ? $0 : nil }
            if area == nil { errors.append(FieldError(field: "agenda", message: "plan.error.agenda")) }
        }
        guard errors.isEmpty, let question else { return .failure(.fields(errors)) }
        return .success(
            ParticipationPlan(
                question: question, steps: steps, inhabitants: feedback[.inwoners] ?? PlanFeedback(),
                council: feedback[.raad] ?? PlanFeedback(), agendaArea: area))
    }

    /// The form filled in with a plan, for editing it.
    public static func values(of plan: ParticipationPlan) -> (values: [String: String], groups: [String]) {
        let q = plan.question
        var values = [
            "project": q.project, "phase": q.phase.rawValue, "influence": q.influence.rawValue, "scale": q.scale.rawValue,
            "weeks": String(q.weeks), "budget": String(q.budget), "agenda": plan.agendaArea.map { String($0.rawValue) } ?? "",
        ]
        for (index, step) in plan.steps.enumerated() {
            let s = "s\(index + 1)-"
            values[s + "method"] = step.method
            values[s + "purpose"] = step.purpose
            values[s + "when"] = step.when
            values[s + "who"] = step.who
        }
        for audience in FeedbackAudience.allCases {
            let feedback = plan.feedback(audience)
            values[audience.rawValue + "-who"] = feedback.who
            values[audience.rawValue + "-due"] = feedback.due
            values[audience.rawValue + "-how"] = feedback.how
        }
        return (values, q.groups.map(\.rawValue))
    }
}
