import DemocracyKit
import Vapor

/// The improvement agenda's page models.
enum AgendaPages {
    struct ActionRow: Encodable {
        let what: String
        let who: String
        let due: String
        let status: String
    }

    struct PriorityView: Encodable {
        /// "Prioriteit 1: Beter betrokken inwoners", and the id its section is labelled by.
        let heading: String
        let anchor: String
        let area: String
        let why: String
        let actions: [ActionRow]
        /// The report's numbers for the themes of this focus area: "Burgerparticipatie: Raad 65 · Inwoners 25".
        let numbers: [String]
        /// The participation plans that serve this priority, those the reader may read.
        var plans: [ParticipationPages.Link] = []
    }

    /// The basis for the numbers: the latest report of the municipality.
    struct Basis {
        let title: String
        let url: String
        let report: ScanReport
        let bank: QuestionBank
    }

    static func priorities(_ agenda: Agenda, basis: Basis?, req: Request) -> [PriorityView] {
        let language = req.language
        return agenda.priorities.enumerated().map { index, priority in
            PriorityView(
                heading: req.t("agenda.priority_heading", String(index + 1), priority.area.name(language)),
                anchor: "prioriteit-\(index + 1)",
                area: priority.area.name(language), why: priority.why,
                actions: priority.actions.map {
                    ActionRow(what: $0.what, who: $0.who, due: Format.day($0.due, language), status: $0.status.name(language))
                },
                numbers: basis.map { numbers(for: priority.area, in: $0, language: language) } ?? [])
        }
    }

    static func numbers(for area: FocusArea, in basis: Basis, language: Language) -> [String] {
        basis.report.themes.filter { $0.focusAreas.contains(area) }.compactMap { theme in
            let scores = basis.report.shownGroups.compactMap { group in
                theme.scores[group].map { "\(group.name(language)) \($0.rounded)" }
            }
            guard !scores.isEmpty else { return nil }
            return (basis.bank.theme(theme.themeID)?.name(language) ?? theme.themeID) + ": " + scores.joined(separator: " · ")
        }
    }

    struct VersionRow: Encodable {
        let number: String
        let url: String
        let savedAt: String
        let savedBy: String
        let sent: String?
    }

    struct ShowContext: Encodable {
        let municipality: String
        let timelineURL: String
        let hasAgenda: Bool
        let priorities: [PriorityView]
        let version: String
        let savedAt: String?
        let savedBy: String?
        let isSent: Bool
        let basisTitle: String?
        let basisURL: String?
        let versions: [VersionRow]
        let editURL: String?
        let sendURL: String?
        let errors: [ErrorSummaryItem]?
    }

    static func show(
        _ current: AgendaStore.Current?, versions: [AgendaVersion], basis: Basis?, municipality: Municipality, canEdit: Bool,
        plans: [FocusArea: [ParticipationPlanRecord]], errors: [ErrorSummaryItem]?, req: Request
    ) -> ShowContext {
        let code = Parameter.value(municipality.code)
        let language = req.language
        let shown = (current.map { priorities($0.agenda, basis: basis, req: req) } ?? []).enumerated().map { index, view in
            var view = view
            let area = current?.agenda.priorities[index].area
            view.plans =
                area.flatMap { plans[$0] }?.compactMap { record in
                    record.id.map { ParticipationPages.Link(label: record.title, url: PlanURL.show(code, .value($0)).path) }
                } ?? []
            return view
        }
        return ShowContext(
            municipality: municipality.name, timelineURL: TrajectoryURL.timeline(code).path, hasAgenda: current != nil,
            priorities: shown,
            version: String(current?.version ?? 0), savedAt: current.map { Format.dateTime($0.savedAt, language) },
            savedBy: current?.savedBy,
            isSent: current.map { $0.sentVersion == $0.version } ?? false,
            basisTitle: basis?.title, basisURL: basis?.url,
            versions: versions.map {
                VersionRow(
                    number: String($0.number), url: TrajectoryURL.agendaVersion(code, .value($0.number)).path,
                    savedAt: Format.dateTime($0.savedAt, language), savedBy: $0.savedBy, sent: $0.sentAt.map { Format.date($0, language) })
            },
            editURL: canEdit ? TrajectoryURL.editAgenda(code).path : nil,
            sendURL: canEdit && current != nil && current?.sentVersion != current?.version ? TrajectoryURL.sendAgenda(code).path : nil,
            errors: errors)
    }

    struct VersionContext: Encodable {
        let municipality: String
        let number: String
        let savedAt: String
        let savedBy: String
        let sent: String?
        let priorities: [PriorityView]
        let changes: [String]
        let isFirst: Bool
        let agendaURL: String
    }

    static func version(_ version: AgendaVersion, previous: AgendaVersion?, municipality: Municipality, req: Request) -> VersionContext {
        let language = req.language
        let agenda = version.agendaValue ?? Agenda(priorities: [])
        return VersionContext(
            municipality: municipality.name, number: String(version.number), savedAt: Format.dateTime(version.savedAt, language),
            savedBy: version.savedBy, sent: version.sentAt.map { Format.date($0, language) },
            priorities: priorities(agenda, basis: nil, req: req),
            changes: previous?.agendaValue.map { AgendaChange.between($0, agenda).map { $0.sentence(language) } } ?? [],
            isFirst: previous == nil, agendaURL: TrajectoryURL.agenda(.value(municipality.code)).path)
    }

    // The form: three priority slots with five action rows each.

    struct ActionSlot: Encodable {
        let number: Int
        let legend: String
        let what: FormField
        let who: FormField
        let due: FormField
        let status: FormField
    }

    struct PrioritySlot: Encodable {
        let number: Int
        let legend: String
        let area: FormField
        let why: FormField
        let actions: [ActionSlot]
    }

    struct Suggestion: Encodable {
        let title: String
        let url: String
        let reason: String
    }

    struct FormContext: Encodable {
        let municipality: String
        let action: String
        let version: String
        let slots: [PrioritySlot]
        let errors: [ErrorSummaryItem]?
        let suggestions: [Suggestion]
        let basisTitle: String?
        let basisURL: String?
        let otherChanges: [String]?
        let cancelURL: String
    }

    static var fieldNames: [String] {
        (1...Agenda.maxPriorities).flatMap { p in
            ["p\(p)-area", "p\(p)-why"]
                + (1...Agenda.actionsPerPriority).flatMap { a in ["what", "who", "due", "status"].map { "p\(p)-a\(a)-\($0)" } }
        }
    }

    static func form(from values: [String: String]) -> AgendaForm {
        AgendaForm(
            priorities: (1...Agenda.maxPriorities).map { p in
                AgendaForm.PriorityRow(
                    area: values["p\(p)-area"] ?? "", why: values["p\(p)-why"] ?? "",
                    actions: (1...Agenda.actionsPerPriority).map { a in
                        let prefix = "p\(p)-a\(a)-"
                        return AgendaForm.ActionRow(
                            what: values[prefix + "what"] ?? "", who: values[prefix + "who"] ?? "", due: values[prefix + "due"] ?? "",
                            status: values[prefix + "status"] ?? "")
                    })
            })
    }

    static func values(of agenda: Agenda) -> [String: String] {
        var values: [String: String] = [:]
        for (p, priority) in agenda.priorities.enumerated() {
            values["p\(p + 1)-area"] = String(priority.area.rawValue)
            values["p\(p + 1)-why"] = priority.why
            for (a, action) in priority.actions.enumerated() {
                let prefix = "p\(p + 1)-a\(a + 1)-"
                values[prefix + "what"] = action.what
                values[prefix + "who"] = action.who
                values[prefix + "due"] = action.due
                values[prefix + "status"] = action.status.rawValue
            }
        }
        return values
    }

    static func form(
        _ form: FormState, municipality: Municipality, basis: Basis?, suggestions: [Recommendation], otherChanges: [AgendaChange]?,
        req: Request
    ) -> FormContext {
        let language = req.language
        let code = Parameter.value(municipality.code)
        let areas = [("", req.t("agenda.no_priority"))] + FocusArea.allCases.map { (String($0.rawValue), $0.name(language)) }
        let statuses = ActionStatus.allCases.map { ($0.rawValue, $0.name(language)) }
        return FormContext(
            municipality: municipality.name, action: TrajectoryURL.editAgenda(code).path, version: form.values["version"] ?? "0",
            slots: (1...Agenda.maxPriorities).map { p in
                PrioritySlot(
                    number: p, legend: req.t("agenda.priority_legend", String(p)),
                    area: form.field("p\(p)-area", type: "select", label: req.t("agenda.field.area"), options: areas),
                    why: form.field("p\(p)-why", type: "textarea", label: req.t("agenda.field.why"), hint: req.t("agenda.hint.why")),
                    actions: (1...Agenda.actionsPerPriority).map { a in
                        let prefix = "p\(p)-a\(a)-"
                        return ActionSlot(
                            number: a, legend: req.t("agenda.action_legend", String(a), String(p)),
                            what: form.field(prefix + "what", label: req.t("agenda.field.what")),
                            who: form.field(prefix + "who", label: req.t("agenda.field.who")),
                            due: form.field(prefix + "due", type: "date", label: req.t("agenda.field.due")),
                            status: form.field(prefix + "status", type: "select", label: req.t("agenda.field.status"), options: statuses))
                    })
            },
            errors: form.summary,
            suggestions: suggestions.map {
                Suggestion(title: $0.offer.title(language), url: CatalogueURL.show(.value($0.offer.slug)).path, reason: $0.reason(language))
            },
            basisTitle: basis?.title, basisURL: basis?.url,
            otherChanges: otherChanges.map { $0.map { $0.sentence(language) } },
            cancelURL: TrajectoryURL.agenda(code).path)
    }

    struct StaffRow: Encodable {
        let municipality: String
        let url: String
        let version: Int
        let sent: String
        let priorities: String
    }

    struct StaffContext: Encodable {
        let rows: [StaffRow]
    }
}
