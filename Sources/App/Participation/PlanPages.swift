import DemocracyKit
import Vapor

/// What the participation plans' pages show.
enum PlanPages {
    typealias Link = ParticipationPages.Link

    struct Row: Encodable {
        let title: String
        let url: String
        let methods: String
        let status: String
        let updated: String
    }

    struct IndexContext: Encodable {
        let municipality: String
        let rows: [Row]
        let newURL: String?
        let advisorURL: String
        let dashboardURL: String
    }

    static func index(_ records: [ParticipationPlanRecord], municipality: Municipality, canWrite: Bool, req: Request) -> IndexContext {
        let catalogue = req.application.participationMethods
        let code = Parameter.value(municipality.code)
        return IndexContext(
            municipality: municipality.name,
            rows: records.compactMap { record in
                guard let plan = try? record.plan(), let id = record.id else { return nil }
                return Row(
                    title: record.title, url: PlanURL.show(code, .value(id)).path,
                    methods: plan.steps.compactMap { catalogue.method($0.method)?.name(req.language) }.joined(separator: ", "),
                    status: status(record, req: req), updated: Format.date(record.updatedAt, req.language))
            },
            newURL: canWrite ? PlanURL.new(code).path : nil, advisorURL: ParticipationURL.advisor.path,
            dashboardURL: DashboardURL.municipality(code).path)
    }

    static func status(_ record: ParticipationPlanRecord, req: Request) -> String {
        record.sharedAt.map { req.t("plan.status_shared", Format.date($0, req.language)) } ?? req.t("plan.status_concept")
    }

    struct StepItem: Encodable {
        let number: Int
        let name: String
        let url: String
        let summary: String
        let facts: String
        let purpose: String?
        let when: String?
        let who: String?
    }

    struct FeedbackItem: Encodable {
        let id: String
        let heading: String
        let who: String?
        let due: String?
        let how: String?
        let isComplete: Bool
    }

    struct ShowContext: Encodable {
        let title: String
        let municipality: String
        let indexURL: String
        let status: String
        let changedAfterSharing: String?
        let facts: [Fact]
        let steps: [StepItem]
        let warnings: [String]
        let feedback: [FeedbackItem]
        let agendaArea: String?
        let agendaURL: String
        let editURL: String?
        let shareAction: String?
        let version: Int
        let errors: [ErrorSummaryItem]?
        let savedBy: String
    }

    static func show(
        _ record: ParticipationPlanRecord, municipality: Municipality, catalogue: MethodCatalogue, canWrite: Bool,
        errors: [ErrorSummaryItem]?, req: Request
    ) throws -> ShowContext {
        let plan = try record.plan()
        let language = req.language
        let q = plan.question
        let code = Parameter.value(municipality.code)
        let id = Parameter.value(try record.requireID())
        func optional(_ text: String) -> String? { text.isEmpty ? nil : text }
        return ShowContext(
            title: record.title, municipality: municipality.name, indexURL: PlanURL.index(code).path, status: status(record, req: req),
            changedAfterSharing: record.sharedAt.flatMap { $0 < record.updatedAt ? req.t("plan.changed_after_sharing") : nil },
            facts: [
                Fact(label: req.t("participation.phase"), value: q.phase.name(language)),
                Fact(label: req.t("plan.influence"), value: q.influence.name(language)),
                Fact(
                    label: req.t("plan.fact.groups"),
                    value: q.groups.isEmpty ? req.t("plan.no_groups") : ParticipationPages.list(q.groups, language)),
                Fact(label: req.t("plan.fact.scale"), value: q.scale.name(language)),
                Fact(label: req.t("plan.weeks"), value: req.t("participation.weeks", String(q.weeks), String(q.weeks))),
                Fact(label: req.t("plan.fact.budget"), value: "€ " + Format.number(q.budget, language)),
            ],
            steps: plan.steps.enumerated().map { index, step in
                let method = catalogue.method(step.method)
                return StepItem(
                    number: index + 1, name: method?.name(language) ?? step.method,
                    url: ParticipationURL.method(.value(step.method)).path, summary: method?.summary(language) ?? "",
                    facts: method.map { ParticipationPages.facts($0, req: req) } ?? "", purpose: optional(step.purpose),
                    when: optional(step.when), who: optional(step.who))
            },
            warnings: plan.warnings(in: catalogue).map { $0(language) },
            feedback: FeedbackAudience.allCases.map { audience in
                let feedback = plan.feedback(audience)
                return FeedbackItem(
                    id: "terugkoppeling-\(audience.rawValue)", heading: audience.name(language), who: optional(feedback.who),
                    due: feedback.due.isEmpty ? nil : Format.day(feedback.due, language), how: optional(feedback.how),
                    isComplete: feedback.isComplete)
            },
            agendaArea: plan.agendaArea.map { "\($0.rawValue). " + $0.name(language) }, agendaURL: TrajectoryURL.agenda(code).path,
            editURL: canWrite ? PlanURL.edit(code, id).path : nil,
            shareAction: canWrite && !record.isShared ? PlanURL.share(code, id).path : nil, version: record.version, errors: errors,
            savedBy: req.t("plan.saved_by", record.updatedBy, Format.date(record.updatedAt, language)))
    }

    struct StepSlot: Encodable {
        let legend: String
        let method: FormField
        let purpose: FormField
        let when: FormField
        let who: FormField
    }

    struct FeedbackSlot: Encodable {
        let legend: String
        let hint: String
        let who: FormField
        let due: FormField
        let how: FormField
    }

    struct FormContext: Encodable {
        let heading: String
        let action: String
        let version: String?
        let cancelURL: String
        let errors: [ErrorSummaryItem]?
        let question: ParticipationPages.QuestionFields
        let steps: [StepSlot]
        let feedback: [FeedbackSlot]
        let agenda: FormField?
        let noAgenda: String?
        let advisorURL: String
    }

    static func form(
        _ form: FormState, municipality: Municipality, record: ParticipationPlanRecord?, catalogue: MethodCatalogue,
        agendaAreas: [FocusArea], req: Request
    ) throws -> FormContext {
        let language = req.language
        let code = Parameter.value(municipality.code)
        let methods =
            [("", req.t("plan.no_method"))]
            + catalogue.methods.sorted { $0.name(language) < $1.name(language) }.map { ($0.id, $0.name(language)) }
        let action = try record.map { PlanURL.edit(code, .value(try $0.requireID())).path } ?? PlanURL.new(code).path
        let cancel = try record.map { PlanURL.show(code, .value(try $0.requireID())).path } ?? PlanURL.index(code).path
        return FormContext(
            heading: record.map { req.t("plan.edit_title", $0.title) } ?? req.t("plan.new_title"), action: action,
            version: record == nil ? nil : form.values["version"], cancelURL: cancel, errors: form.summary,
            question: ParticipationPages.questionFields(form, req: req),
            steps: (1...ParticipationPlan.maxSteps).map { s in
                let prefix = "s\(s)-"
                return StepSlot(
                    legend: req.t("plan.step_legend", String(s)),
                    method: form.field(prefix + "method", type: "select", label: req.t("plan.field.method"), options: methods),
                    purpose: form.field(prefix + "purpose", type: "textarea", label: req.t("plan.field.purpose"), optional: true),
                    when: form.field(prefix + "when", label: req.t("plan.field.when"), hint: req.t("plan.hint.when"), optional: true),
                    who: form.field(prefix + "who", label: req.t("plan.field.who"), optional: true))
            },
            feedback: FeedbackAudience.allCases.map { audience in
                let prefix = audience.rawValue + "-"
                return FeedbackSlot(
                    legend: audience.name(language),
                    hint: req.t(audience == .inwoners ? "plan.hint.feedback_inhabitants" : "plan.hint.feedback_council"),
                    who: form.field(prefix + "who", label: req.t("plan.field.feedback_who"), optional: true),
                    due: form.field(prefix + "due", type: "date", label: req.t("plan.field.feedback_due"), optional: true),
                    how: form.field(
                        prefix + "how", type: "textarea", label: req.t("plan.field.feedback_how"), hint: req.t("plan.hint.feedback_how"),
                        optional: true))
            },
            agenda: agendaAreas.isEmpty
                ? nil
                : form.field(
                    "agenda", type: "select", label: req.t("plan.field.agenda"), hint: req.t("plan.hint.agenda"), optional: true,
                    options: [("", req.t("plan.no_agenda_choice"))]
                        + agendaAreas.map { (String($0.rawValue), "\($0.rawValue). " + $0.name(language)) }
                ),
            noAgenda: agendaAreas.isEmpty ? req.t("plan.no_agenda") : nil, advisorURL: ParticipationURL.advisor.path)
    }
}
