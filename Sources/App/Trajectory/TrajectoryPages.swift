import DemocracyKit
import Vapor

/// The trajectory's page models.
enum TrajectoryPages {
    struct Step: Encodable {
        let number: Int
        let name: String
        let summary: String
        let actor: String
        /// "done", "current" or "upcoming" (the label is `step.<state>`).
        let state: String
        let stateLabel: String
        let reached: String?
    }

    /// The part of the timeline that is the same for everyone who may see it, until a step, report, agenda,
    /// request or offer changes: rendered once and kept (`Application.trajectoryPages`).
    struct TimelineBody: Encodable {
        let steps: [Step]
        let effect: EffectContext?
    }

    /// The kept part, with what the rest of the page needs to know of the state.
    struct RenderedTimeline: Sendable {
        let html: String
        let standing: String
        let next: String?
        let current: TrajectoryStep?
    }

    struct TimelineContext: Encodable {
        let municipality: String
        let dashboardURL: String
        let body: String
        let standing: String
        let next: String?
        let markAction: String?
        let markStep: Int?
        let markStepName: String?
        let day: FormField
        let errors: [ErrorSummaryItem]?
        let conversationsURL: String?
        let requestsURL: String?
        let agendaURL: String
    }

    struct EffectTheme: Encodable {
        let name: String
        let lines: [String]
        let anyClear: Bool
    }

    struct EffectContext: Encodable {
        let baseline: Link
        let repeatScan: Link
        let themes: [EffectTheme]
        let priorities: [String]
        let offers: [Link]
    }

    struct Link: Encodable {
        let label: String
        let url: String
    }

    static func effect(
        _ rows: [Effect.Row], bank: QuestionBank, baseline: Scan, repeatScan: Scan, agenda: Agenda?, carriedOut: [RequestStore.Item],
        municipality: Municipality, req: Request
    ) -> EffectContext {
        let language = req.language
        let code = Parameter.value(municipality.code)
        let themes = bank.themes.compactMap { theme -> EffectTheme? in
            let lines = rows.filter { $0.themeID == theme.id }
            guard !lines.isEmpty else { return nil }
            return EffectTheme(
                name: theme.name(language), lines: lines.map { Effect.sentence($0)(language) },
                anyClear: lines.contains { $0.verdict != .withinNoise })
        }
        func link(_ scan: Scan) -> Link {
            Link(label: scan.title, url: scan.id.map { ScanURL.report(code, .value($0)).path } ?? "")
        }
        return EffectContext(
            baseline: link(baseline), repeatScan: link(repeatScan), themes: themes,
            priorities: (agenda?.priorities ?? []).map { $0.area.name(language) },
            offers: carriedOut.map {
                Link(label: $0.offer?.title(language) ?? $0.offerSlug, url: RequestURL.show(code, .value($0.id)).path)
            })
    }

    static func steps(_ state: TrajectoryState, req: Request) -> [Step] {
        let language = req.language
        return TrajectoryStep.allCases.map { step in
            let done = state.reached[step]
            let stateName = done != nil ? "done" : (step == state.current ? "current" : "upcoming")
            return Step(
                number: step.rawValue, name: step.name(language), summary: step.summary(language), actor: step.actor(language),
                state: stateName, stateLabel: req.t("step.\(stateName)"),
                reached: done.map { reached in
                    let how = reached.by.map { req.t("trajectory.marked_by", $0) } ?? reached.reason.name(language)
                    return req.t("trajectory.reached_on", Format.day(reached.day, language), how)
                })
        }
    }

    /// Where the municipality stands and what comes next, in one sentence each.
    static func standing(_ state: TrajectoryState, req: Request) -> (standing: String, next: String?) {
        let language = req.language
        let standing =
            state.lastReached.map { req.t("trajectory.standing", $0.step.name(language), Format.day($0.day, language)) }
            ?? req.t("trajectory.not_started")
        return (standing, state.current.map { req.t("trajectory.next", $0.name(language), $0.actor(language)) })
    }

    static func timeline(_ rendered: RenderedTimeline, municipality: Municipality, user: CurrentUser, form: FormState, req: Request)
        -> TimelineContext
    {
        let language = req.language
        let code = Parameter.value(municipality.code)
        let canMark = Access.allows(user.memberships, .markTrajectoryStep, municipality: municipality.code)
        return TimelineContext(
            municipality: municipality.name, dashboardURL: DashboardURL.municipality(code).path, body: rendered.html,
            standing: rendered.standing, next: rendered.next,
            markAction: canMark && rendered.current != nil ? TrajectoryURL.markStep(code).path : nil,
            markStep: rendered.current?.rawValue, markStepName: rendered.current?.name(language),
            day: form.field("day", type: "date", label: req.t("trajectory.field.day"), hint: req.t("trajectory.hint.day")),
            errors: form.summary,
            conversationsURL: Access.allows(user.memberships, .keepConversations, municipality: municipality.code)
                ? TrajectoryURL.conversations(code).path : nil,
            requestsURL: Access.allows(user.memberships, .requestOffers, municipality: municipality.code)
                ? RequestURL.list(code).path : nil,
            agendaURL: TrajectoryURL.agenda(code).path)
    }

    struct ConversationRow: Encodable {
        let url: String
        let kind: String
        let heldOn: String
        let participants: String
    }

    struct ConversationsContext: Encodable {
        let municipality: String
        let rows: [ConversationRow]
        let newURL: String
        let timelineURL: String
    }

    static func conversations(_ list: [Conversation], municipality: Municipality, req: Request) -> ConversationsContext {
        let code = Parameter.value(municipality.code)
        return ConversationsContext(
            municipality: municipality.name,
            rows: list.compactMap { conversation in
                conversation.id.map {
                    ConversationRow(
                        url: TrajectoryURL.conversation(code, .value($0)).path, kind: conversation.kind.name(req.language),
                        heldOn: Format.day(conversation.heldOn, req.language),
                        participants: String(conversation.participants.prefix(120)))
                }
            },
            newURL: TrajectoryURL.newConversation(code).path, timelineURL: TrajectoryURL.timeline(code).path)
    }

    static let conversationFields = ["kind", "heldOn", "participants", "notes", "decisions", "followUp", "scanID"]

    static func draft(_ values: [String: String]) -> ConversationDraft {
        ConversationDraft(
            kind: values["kind"] ?? "", heldOn: values["heldOn"] ?? "", participants: values["participants"] ?? "",
            notes: values["notes"] ?? "", decisions: values["decisions"] ?? "", followUp: values["followUp"] ?? "")
    }

    static func values(of conversation: Conversation) -> [String: String] {
        [
            "kind": conversation.kind.rawValue, "heldOn": conversation.heldOn, "participants": conversation.participants,
            "notes": conversation.notes, "decisions": conversation.decisions, "followUp": conversation.followUp,
            "scanID": conversation.scanID?.uuidString ?? "", "version": String(conversation.version),
        ]
    }

    struct OtherVersion: Encodable {
        let by: String
        let at: String
        let fields: [CataloguePages.OtherChange]
    }

    struct FormContext: Encodable {
        let municipality: String
        let action: String
        let isNew: Bool
        let version: String
        let kind: FormField
        let heldOn: FormField
        let scan: FormField
        let participants: FormField
        let notes: FormField
        let decisions: FormField
        let followUp: FormField
        let errors: [ErrorSummaryItem]?
        let reportURL: String?
        let other: OtherVersion?
        let listURL: String
        /// For a verdiepingsgesprek: the offers that fit the report it discusses.
        var suggestions: [AgendaPages.Suggestion] = []
    }

    static func form(
        _ form: FormState, municipality: Municipality, conversation: Conversation?, other: Conversation?, reports: [Scan], req: Request
    ) -> FormContext {
        let code = Parameter.value(municipality.code)
        let language = req.language
        let chosenScan = form.values["scanID"].flatMap(UUID.init(uuidString:))
        let labels: [(String, String)] = [
            ("participants", req.t("conversation.field.participants")), ("notes", req.t("conversation.field.notes")),
            ("decisions", req.t("conversation.field.decisions")), ("followUp", req.t("conversation.field.follow_up")),
            ("heldOn", req.t("conversation.field.held_on")),
        ]
        return FormContext(
            municipality: municipality.name,
            action: conversation?.id.map { TrajectoryURL.conversation(code, .value($0)).path } ?? TrajectoryURL.conversations(code).path,
            isNew: conversation == nil, version: form.values["version"] ?? "",
            kind: form.field(
                "kind", type: "radios", label: req.t("conversation.field.kind"),
                options: ConversationKind.allCases.map { ($0.rawValue, $0.name(language)) }),
            heldOn: form.field(
                "heldOn", type: "date", label: req.t("conversation.field.held_on"), hint: req.t("conversation.hint.held_on")),
            scan: form.field(
                "scanID", type: "select", label: req.t("conversation.field.scan"), optional: true,
                options: [("", req.t("conversation.no_report"))]
                    + reports.compactMap { scan in scan.id.map { ($0.uuidString, scan.title) } }),
            participants: form.field(
                "participants", type: "textarea", label: req.t("conversation.field.participants"),
                hint: req.t("conversation.hint.participants")),
            notes: form.field(
                "notes", type: "textarea", label: req.t("conversation.field.notes"),
                hint: req.t("conversation.hint.limit", String(ConversationDraft.maxNotes)), optional: true),
            decisions: form.field("decisions", type: "textarea", label: req.t("conversation.field.decisions"), optional: true),
            followUp: form.field(
                "followUp", type: "textarea", label: req.t("conversation.field.follow_up"), hint: req.t("conversation.hint.follow_up"),
                optional: true),
            errors: form.summary,
            reportURL: chosenScan.flatMap { id in reports.contains { $0.id == id } ? ScanURL.report(code, .value(id)).path : nil },
            other: other.map { other in
                let saved = values(of: other)
                return OtherVersion(
                    by: other.updatedBy, at: Format.dateTime(other.updatedAt, language),
                    fields: labels.filter { saved[$0.0] != form.values[$0.0] }.map {
                        CataloguePages.OtherChange(label: $0.1, value: saved[$0.0] ?? "")
                    })
            },
            listURL: TrajectoryURL.conversations(code).path)
    }
}
