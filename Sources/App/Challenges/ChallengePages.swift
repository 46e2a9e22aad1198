import DemocracyKit
import Foundation
import Vapor

/// What the uitdaagrecht's pages show, made from stored challenges and rules for one person's language.
enum ChallengePages {
    struct Link: Encodable {
        let label: String
        let url: String
    }

    struct Labelled: Encodable {
        let label: String
        let text: String
    }

    // MARK: Names

    /// The interface string that names a step or message in a history, a page or an email.
    static func actionKey(_ action: String) -> String {
        switch action {
        case "indienen": return "challenge.action.indienen"
        case "ontvankelijk": return "challenge.action.ontvankelijk"
        case "niet-ontvankelijk": return "challenge.action.niet_ontvankelijk"
        case "gesprek": return "challenge.action.gesprek"
        case "voorstel": return "challenge.action.voorstel"
        case "advies": return "challenge.action.advies"
        case "besluit": return "challenge.action.besluit"
        case "overeenkomst": return "challenge.action.overeenkomst"
        case "voortgang": return "challenge.action.voortgang"
        case "evaluatie": return "challenge.action.evaluatie"
        case "intrekken": return "challenge.action.intrekken"
        case "bericht": return "challenge.action.bericht"
        case "vraag": return "challenge.action.vraag"
        case "document": return "challenge.action.document"
        default: return "challenge.action.notitie"
        }
    }

    static func euros(_ amount: Int?, _ language: Language) -> String? {
        amount.map { "€ " + Format.number($0, language) }
    }

    static func day(_ text: String?, _ language: Language) -> String? {
        text.map { Format.day($0, language) }
    }

    // MARK: Register

    struct Row: Encodable {
        let url: String
        let task: String
        let group: String
        let municipality: String
        let status: String
        let decision: String?
        let submittedOn: String
    }

    struct RegisterContext: Encodable {
        let municipality: FormField
        let province: FormField
        let status: FormField
        let decision: FormField
        let focusArea: FormField
        let action = ChallengeURL.register.path
        let rows: [Row]
        let total: Int
        let page: Int
        let pageCount: Int
        let previousURL: String?
        let nextURL: String?
        let summary: String
        let openDataURL: String
    }

    /// The register's filter from the address. The municipality is typed, by name or CBS code: a list of all 342
    /// would be long to scroll on a phone and heavy to send.
    static func filter(from req: Request) async throws -> ChallengeStore.RegisterFilter {
        let query = { (name: String) in String((req.query[String.self, at: name] ?? "").trimmingCharacters(in: .whitespaces).prefix(100)) }
        var filter = ChallengeStore.RegisterFilter()
        filter.typedMunicipality = query("gemeente")
        if !filter.typedMunicipality.isEmpty {
            var code = try await MunicipalityQueries.find(code: filter.typedMunicipality, on: req.db)?.code
            if code == nil { code = try await MunicipalityQueries.code(named: filter.typedMunicipality, on: req.db) }
            filter.municipality = code ?? "onbekend"
        }
        filter.province = Province.all.first { $0 == query("provincie") }
        filter.status = ChallengeStatus(rawValue: query("fase")).flatMap { $0.isInRegister ? $0 : nil }
        filter.decision = ChallengeDecision(rawValue: query("besluit"))
        filter.focusArea = FocusArea(slug: query("focus"))
        filter.page = Validate.number(query("pagina"), in: Validate.pageNumbers)
        return filter
    }

    static func row(_ record: ChallengeStore.PublicRow, municipality: String, language: Language) -> Row {
        Row(
            url: ChallengeURL.entry(.value(record.id)).path, task: record.task, group: record.groupName,
            municipality: municipality,
            status: record.status.name(language), decision: record.decision?.name(language),
            submittedOn: Format.date(record.createdAt, language))
    }

    static func register(
        _ rows: [ChallengeStore.PublicRow], pagination: Pagination, filter: ChallengeStore.RegisterFilter, names: [String: String],
        req: Request
    ) -> RegisterContext {
        let language = req.language
        let values = [
            "gemeente": filter.typedMunicipality, "provincie": filter.province ?? "", "fase": filter.status?.rawValue ?? "",
            "besluit": filter.decision?.rawValue ?? "", "focus": filter.focusArea?.slug ?? "",
        ]
        let form = FormState(req, values: values)
        func pageURL(_ page: Int) -> String {
            ChallengeURL.register.with(values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + [("pagina", String(page))])
        }
        return RegisterContext(
            municipality: form.field(
                "gemeente", label: req.t("challenge.filter.municipality"), hint: req.t("challenge.filter.municipality_hint"), optional: true
            ),
            province: form.field(
                "provincie", type: "select", label: req.t("field.province"),
                options: [("", req.t("municipalities.all_provinces"))] + Province.all.map { ($0, $0) }),
            status: form.field(
                "fase", type: "select", label: req.t("challenge.filter.status"),
                options: [("", req.t("challenge.filter.all"))]
                    + ChallengeStatus.allCases.filter(\.isInRegister).map { ($0.rawValue, $0.name(language)) }),
            decision: form.field(
                "besluit", type: "select", label: req.t("challenge.filter.decision"),
                options: [("", req.t("challenge.filter.all"))] + ChallengeDecision.allCases.map { ($0.rawValue, $0.name(language)) }),
            focusArea: form.field(
                "focus", type: "select", label: req.t("challenge.filter.focus"),
                options: [("", req.t("challenge.filter.all"))] + FocusArea.allCases.map { ($0.slug, $0.name(language)) }),
            rows: rows.map { row($0, municipality: names[$0.municipalityCode] ?? $0.municipalityCode, language: language) },
            total: pagination.total, page: pagination.page, pageCount: pagination.pageCount,
            previousURL: pagination.hasPrevious ? pageURL(pagination.page - 1) : nil,
            nextURL: pagination.hasNext ? pageURL(pagination.page + 1) : nil,
            summary: filter.municipality == "onbekend"
                ? req.t("challenge.register_unknown_municipality", filter.typedMunicipality)
                : pagination.total == 0
                    ? req.t("challenge.register_none")
                    : req.t(
                        "challenge.register_showing", String(pagination.firstItem), String(pagination.lastItem), String(pagination.total)),
            openDataURL: ChallengeURL.openData.with(
                values.sorted { $0.key < $1.key }.filter { !$0.value.isEmpty }.map { ($0.key, $0.value) }))
    }

    // MARK: Open data and feed

    static func openData(_ rows: [ChallengeStore.PublicRow], municipalities: [Municipality], app: Application) -> [[String]] {
        let byCode = Dictionary(uniqueKeysWithValues: municipalities.map { ($0.code, $0) })
        let header = [
            "gemeentecode", "gemeente", "provincie", "taak", "groep", "rechtsvorm", "fase", "ingediend_op", "besluit", "besloten_op",
            "redenen_besluit", "overeenkomst_van", "overeenkomst_tot", "budget_euro", "themas", "evaluatie_groep", "evaluatie_gemeente",
            "adres",
        ]
        return [header]
            + rows.map { record in
                let municipality = byCode[record.municipalityCode]
                return [
                    record.municipalityCode, municipality?.name ?? "", municipality?.province ?? "", record.task, record.groupName,
                    record.legalForm.name(.nl), record.status.name(.nl), Format.day(record.createdAt), record.decision?.name(.nl) ?? "",
                    record.decidedOn ?? "", record.decisionReasons ?? "", record.agreementFrom ?? "", record.agreementUntil ?? "",
                    record.agreementBudget.map(String.init) ?? "", record.areas.map(\.slug).joined(separator: " "),
                    record.evaluationGroup ?? "", record.evaluationMunicipality ?? "",
                    ChallengeURL.entry(.value(record.id)).absolute(app),
                ]
            }
    }

    static func feed(_ rows: [ChallengeStore.PublicRow], municipality: Municipality, req: Request) -> AtomFeed {
        let app = req.application
        let language = req.language
        let page = ChallengeURL.municipality(.value(municipality.code)).absolute(app)
        return AtomFeed(
            lang: language.rawValue, id: ChallengeURL.feed(.value(municipality.code)).absolute(app),
            title: req.t("challenge.feed_title", municipality.name), selfURL: ChallengeURL.feed(.value(municipality.code)).absolute(app),
            pageURL: page, updated: AtomFeed.moment(rows.first.map { Format.day($0.statusSince) } ?? "2024-01-01"),
            entries: rows.map { record in
                let url = ChallengeURL.entry(.value(record.id)).absolute(app)
                return AtomFeed.Entry(
                    id: url, url: url, title: record.task + " – " + record.status.name(language),
                    summary: record.decisionReasons
                        ?? req.t("challenge.feed_summary", record.groupName, record.status.name(language).lowercased()),
                    author: record.groupName, updated: AtomFeed.moment(Format.day(record.statusSince)),
                    categories: record.areas.map { $0.name(language) })
            })
    }

    // MARK: From evaluation to a shared experience

    /// The experience form filled from an evaluated challenge: what the group did, the decision and agreement as
    /// the story, the municipality's evaluation as what worked and the group's as what did not, both to be edited
    /// before anything is shared.
    static func experienceValues(of record: ChallengeRecord) -> [String: String] {
        let story = [
            "**\(record.groupName)** nam de taak '\(record.task)' over van de gemeente, met het uitdaagrecht.", record.plan,
            record.decisionReasons.map { "Besluit van het college: \($0)" }, record.agreementMethod.map { "Zo werkten we: \($0)" },
        ].compactMap { $0 }.joined(separator: "\n\n")
        return [
            "titleNl": "Uitdaagrecht: \(record.task)",
            "summaryNl": "\(record.groupName) nam met het uitdaagrecht de taak '\(record.task)' over. Wat ging goed, en wat niet?",
            "storyNl": story, "workedNl": record.evaluationMunicipality ?? "", "didNotWorkNl": record.evaluationGroup ?? "",
            "periodFrom": String((record.agreementFrom ?? Format.day(record.createdAt)).prefix(7)),
            "periodUntil": String((record.agreementUntil ?? Format.day(record.statusSince)).prefix(7)),
            "focusAreas": record.areas.map(\.slug).joined(separator: ","), "outcome": ExperienceOutcome.gemengd.rawValue,
        ]
    }

    // MARK: The national picture

    struct Count: Encodable {
        let label: String
        let count: Int
    }

    struct NationalContext: Encodable {
        let total: Int
        let enabled: [Link]
        let perStatus: [Count]
        let perDecision: [Count]
        let medianDays: Int?
        let longestDays: Int?
        let overdue: Int
        let overduePerMunicipality: [Count]
        let registerURL = ChallengeURL.register.path
        let openDataURL = ChallengeURL.openData.path
    }

    static func national(_ overview: ChallengeOverview, enabled: [String], names: [String: String], req: Request) -> NationalContext {
        let language = req.language
        return NationalContext(
            total: overview.total,
            enabled: enabled.map { Link(label: names[$0] ?? $0, url: ChallengeURL.municipality(.value($0)).path) }.sorted {
                $0.label < $1.label
            },
            perStatus: overview.perStatus.map { Count(label: $0.status.name(language), count: $0.count) },
            perDecision: overview.perDecision.map { Count(label: $0.decision.name(language), count: $0.count) },
            medianDays: overview.medianDaysToDecision, longestDays: overview.longestDaysToDecision, overdue: overview.overdue,
            overduePerMunicipality: overview.overduePerMunicipality.map { Count(label: names[$0.code] ?? $0.code, count: $0.count) })
    }

    // MARK: One challenge in public

    struct EntryContext: Encodable {
        let task: String
        let group: String
        let legalForm: String
        let municipality: Link
        let status: String
        let submittedOn: String
        let focusAreas: [String]
        let decision: Decision?
        let agreement: Agreement?
        let evaluations: [Labelled]
        let registerURL = ChallengeURL.register.path
        let isDemo: Bool
    }

    struct Decision: Encodable {
        let outcome: String
        let reasons: String
        let decidedOn: String
    }

    struct Agreement: Encodable {
        let period: String
        let budget: String?
        let method: String
        let reporting: String
    }

    static func decision(of record: ChallengeRecord, _ language: Language) -> Decision? {
        guard let decision = record.decision else { return nil }
        return Decision(
            outcome: decision.name(language), reasons: record.decisionReasons ?? "", decidedOn: day(record.decidedOn, language) ?? "")
    }

    static func agreement(of record: ChallengeRecord, req: Request) -> Agreement? {
        guard let from = record.agreementFrom, let until = record.agreementUntil else { return nil }
        let language = req.language
        return Agreement(
            period: req.t("challenge.period", Format.day(from, language), Format.day(until, language)),
            budget: euros(record.agreementBudget, language), method: record.agreementMethod ?? "",
            reporting: record.agreementReporting ?? "")
    }

    static func evaluations(of record: ChallengeRecord, req: Request) -> [Labelled] {
        [
            record.evaluationGroup.map { Labelled(label: req.t("challenge.evaluation_group"), text: $0) },
            record.evaluationMunicipality.map { Labelled(label: req.t("challenge.evaluation_municipality"), text: $0) },
        ].compactMap { $0 }
    }

    static func entry(_ record: ChallengeRecord, municipality: Municipality, req: Request) -> EntryContext {
        let language = req.language
        return EntryContext(
            task: record.task, group: record.groupName, legalForm: record.legalForm.name(language),
            municipality: Link(label: municipality.name, url: ChallengeURL.municipality(.value(municipality.code)).path),
            status: record.status.name(language), submittedOn: Format.date(record.createdAt, language),
            focusAreas: record.areas.map { $0.name(language) }, decision: decision(of: record, language),
            agreement: agreement(of: record, req: req), evaluations: evaluations(of: record, req: req), isDemo: municipality.isDemo)
    }

    // MARK: A municipality's page

    struct Step: Encodable {
        let name: String
        let text: String
    }

    struct MunicipalityContext: Encodable {
        let name: String
        let enabled: Bool
        let isDemo: Bool
        let introHTML: String?
        let introLang: String?
        let openTasks: [String]
        let excludedTasks: [String]
        let conditions: [Labelled]
        let steps: [Step]
        let submitURL: String
        let rows: [Row]
        let registerURL: String
        let municipalityURL: String
        let feedURL: String
    }

    static func municipality(_ municipality: Municipality, rules: ChallengeRules, challenges: [ChallengeStore.PublicRow], req: Request)
        -> MunicipalityContext
    {
        let language = req.language
        let intro = rules.intro(language)
        let introLanguage: Language = rules.intro.en.isEmpty ? .nl : language
        return MunicipalityContext(
            name: municipality.name, enabled: rules.enabled, isDemo: municipality.isDemo,
            introHTML: intro.isEmpty && rules.intro.nl.isEmpty ? nil : SafeMarkdown.html(from: intro.isEmpty ? rules.intro.nl : intro),
            introLang: introLanguage == language ? nil : introLanguage.rawValue,
            openTasks: rules.openTasks, excludedTasks: rules.excludedTasks,
            conditions: rules.conditions.map { Labelled(label: $0.name(language), text: $0.explanation(language)) },
            steps: steps(rules, req: req), submitURL: ChallengeURL.submit(.value(municipality.code)).path,
            rows: challenges.map { row($0, municipality: municipality.name, language: language) },
            registerURL: ChallengeURL.register.with([("gemeente", municipality.code)]),
            municipalityURL: MunicipalityURL.show(.value(municipality.code)).path,
            feedURL: ChallengeURL.feed(.value(municipality.code)).path)
    }

    /// The procedure as the public page explains it: every step, with the municipality's term where it has one.
    static func steps(_ rules: ChallengeRules, req: Request) -> [Step] {
        func term(_ term: ChallengeTerm) -> String { req.t(term.sentenceKey, String(rules.weeks(term))) }
        return [
            Step(name: req.t("challenge.step.1"), text: req.t("challenge.step.1_text")),
            Step(name: req.t("challenge.step.2"), text: req.t("challenge.step.2_text") + " " + term(.ontvankelijkheid)),
            Step(name: req.t("challenge.step.3"), text: req.t("challenge.step.3_text") + " " + term(.gesprek)),
            Step(name: req.t("challenge.step.4"), text: req.t("challenge.step.4_text")),
            Step(name: req.t("challenge.step.5"), text: req.t("challenge.step.5_text") + " " + term(.advies)),
            Step(name: req.t("challenge.step.6"), text: req.t("challenge.step.6_text") + " " + term(.besluit)),
            Step(name: req.t("challenge.step.7"), text: req.t("challenge.step.7_text") + " " + term(.overeenkomst)),
            Step(name: req.t("challenge.step.8"), text: req.t("challenge.step.8_text")),
        ]
    }

    // MARK: The form

    static let submissionFields = [
        "groupName", "legalForm", "contactName", "email", "phone", "task", "otherTask", "budgetLine", "plan", "support", "supporters",
        "capacity", "budget", "consent",
    ]

    static func submission(_ values: [String: String], focusAreas: [String]) -> ChallengeSubmission {
        ChallengeSubmission(
            groupName: values["groupName"] ?? "", legalForm: values["legalForm"] ?? "", contactName: values["contactName"] ?? "",
            email: values["email"] ?? "", phone: values["phone"] ?? "", task: values["task"] ?? "", otherTask: values["otherTask"] ?? "",
            budgetLine: values["budgetLine"] ?? "", plan: values["plan"] ?? "", support: values["support"] ?? "",
            supporters: values["supporters"] ?? "", capacity: values["capacity"] ?? "", budget: values["budget"] ?? "",
            focusAreas: focusAreas, consent: values["consent"] == "ja")
    }

    struct SubmitContext: Encodable {
        let municipality: String
        let pageURL: String
        let action: String
        let task: FormField
        let otherTask: FormField
        let budgetLine: FormField
        let groupName: FormField
        let legalForm: FormField
        let contactName: FormField
        let email: FormField
        let phone: FormField
        let plan: FormField
        let support: FormField
        let supporters: FormField
        let capacity: FormField
        let budget: FormField
        let focusAreas: FormField
        let consent: FormField
        let errors: [ErrorSummaryItem]?
    }

    static func submitForm(_ form: FormState, municipality: Municipality, rules: ChallengeRules, req: Request) -> SubmitContext {
        let language = req.language
        let hint =
            req.t("challenge.hint.task")
            + (rules.excludedTasks.isEmpty ? "" : " " + req.t("challenge.hint.excluded", rules.excludedTasks.joined(separator: "; ")))
        return SubmitContext(
            municipality: municipality.name, pageURL: ChallengeURL.municipality(.value(municipality.code)).path,
            action: ChallengeURL.submit(.value(municipality.code)).path,
            task: form.field(
                "task", type: "radios", label: req.t("challenge.field.task"), hint: hint,
                options: rules.openTasks.map { ($0, $0) } + [(ChallengeSubmission.otherTask, req.t("challenge.other_task"))]),
            otherTask: form.field(
                "otherTask", label: req.t("challenge.field.other_task"), hint: req.t("challenge.hint.other_task"), optional: true),
            budgetLine: form.field(
                "budgetLine", label: req.t("challenge.field.budget_line"), hint: req.t("challenge.hint.budget_line"), optional: true),
            groupName: form.field("groupName", label: req.t("challenge.field.group"), hint: req.t("challenge.hint.group")),
            legalForm: form.field(
                "legalForm", type: "radios", label: req.t("challenge.field.legal_form"),
                options: LegalForm.allCases.map { ($0.rawValue, $0.name(language)) }),
            contactName: form.field(
                "contactName", label: req.t("challenge.field.contact"), hint: req.t("challenge.hint.contact"), autocomplete: "name"),
            email: form.field("email", type: "email", label: req.t("field.email"), autocomplete: "email"),
            phone: form.field("phone", type: "tel", label: req.t("challenge.field.phone"), autocomplete: "tel", optional: true),
            plan: form.field("plan", type: "textarea", label: req.t("challenge.field.plan"), hint: req.t("challenge.hint.plan")),
            support: form.field(
                "support", type: "textarea", label: req.t("challenge.field.support"), hint: req.t("challenge.hint.support")),
            supporters: form.field(
                "supporters", label: req.t("challenge.field.supporters"), hint: req.t("challenge.hint.supporters"), optional: true),
            capacity: form.field(
                "capacity", type: "textarea", label: req.t("challenge.field.capacity"), hint: req.t("challenge.hint.capacity")),
            budget: form.field("budget", label: req.t("challenge.field.budget"), hint: req.t("challenge.hint.budget"), optional: true),
            focusAreas: form.field(
                "focusAreas", type: "checkboxes", label: req.t("challenge.field.focus_areas"), optional: true,
                options: FocusArea.allCases.map { ($0.slug, $0.name(language)) }),
            consent: form.field("consent", type: "checkbox", label: req.t("challenge.field.consent")),
            errors: form.summary)
    }

    // MARK: The group's page

    struct Event: Encodable {
        let what: String
        let by: String
        let at: String
        let day: String?
        let note: String?
        let isInternal: Bool
    }

    static func events(_ events: [ChallengeEvent], req: Request) -> [Event] {
        events.reversed().map {
            Event(
                what: req.t(actionKey($0.action)), by: $0.actorName, at: Format.dateTime($0.at, req.language),
                day: $0.day.map { Format.day($0, req.language) }, note: $0.note.isEmpty ? nil : $0.note, isInternal: !$0.shared)
        }
    }

    static func documentLinks(_ documents: [ChallengeStore.Document], url: (UUID) -> String, req: Request) -> [DocumentLink] {
        documents.map { DocumentLink(name: $0.fileName, url: url($0.id), bytes: $0.size, at: $0.at, req: req) }
    }

    struct FollowContext: Encodable {
        let task: String
        let group: String
        let municipality: String
        let municipalityURL: String
        let status: String
        let expect: String?
        let isClosed: Bool
        let refusal: Labelled?
        let advice: [Labelled]
        let adviceSummary: String?
        let proposal: String?
        let decision: Decision?
        let agreement: Agreement?
        let evaluations: [Labelled]
        let history: [Event]
        let documents: [DocumentLink]
        let uploadURL: String
        let canUpload: Bool
        let document: FormField
        let version: Int
        let action: String
        let canPropose: Bool
        let canReport: Bool
        let canEvaluate: Bool
        let canWithdraw: Bool
        let message: FormField
        let proposalField: FormField
        let progress: FormField
        let evaluation: FormField
        let errors: [ErrorSummaryItem]?
    }

    /// The condition that failed the first check, with the reason kept as the note of that step.
    static func refusal(of record: ChallengeRecord, history: [ChallengeEvent], req: Request) -> Labelled? {
        guard record.status == .nietOntvankelijk else { return nil }
        let condition = record.refusedCondition.flatMap(ChallengeCondition.init(rawValue:))
        return Labelled(
            label: condition?.name(req.language) ?? req.t("challenge.refused_task"),
            text: history.last { $0.action == "niet-ontvankelijk" }?.note ?? "")
    }

    static func advice(of record: ChallengeRecord, _ language: Language) -> [Labelled] {
        record.assessments.map {
            Labelled(
                label: $0.condition.name(language) + ": " + $0.verdict.name(language).lowercased(),
                text: $0.explanation)
        }
    }

    static func follow(
        _ record: ChallengeRecord, municipality: Municipality, rules: ChallengeRules, history: [ChallengeEvent],
        documents: [ChallengeStore.Document], token: String, form: FormState, req: Request
    ) -> FollowContext {
        let language = req.language
        let due = record.due(under: rules)
        let allowed = ChallengeWorkflow.actions(for: record.status, by: .group, conditions: rules.conditions)
        return FollowContext(
            task: record.task, group: record.groupName, municipality: municipality.name,
            municipalityURL: ChallengeURL.municipality(.value(municipality.code)).path, status: record.status.name(language),
            expect: due.map { req.t("challenge.expect", Format.day($0, language)) } ?? expectation(record.status, req: req),
            isClosed: record.status.isClosed, refusal: refusal(of: record, history: history, req: req),
            advice: advice(of: record, language), adviceSummary: record.adviceSummary,
            proposal: record.proposal, decision: decision(of: record, language), agreement: agreement(of: record, req: req),
            evaluations: evaluations(of: record, req: req), history: events(history, req: req),
            documents: documentLinks(documents, url: { ChallengeURL.groupDocument(.value(token), .value($0)).path }, req: req),
            uploadURL: ChallengeURL.upload(.value(token)).path,
            canUpload: !record.status.isClosed && documents.count < ChallengeStore.maxDocuments,
            document: form.field(
                "document", type: "file", label: req.t("challenge.field.document"),
                hint: req.t("upload.hint", String(UploadKind.maxBytes / 1_048_576), String(ChallengeStore.maxDocuments))),
            version: record.version, action: ChallengeURL.follow(.value(token)).path, canPropose: allowed.contains("voorstel"),
            canReport: allowed.contains("voortgang"),
            canEvaluate: allowed.contains("evaluatie") && record.evaluationGroup == nil, canWithdraw: allowed.contains("intrekken"),
            message: form.field("message", type: "textarea", label: req.t("challenge.field.message")),
            proposalField: form.field(
                "proposal", type: "textarea", label: req.t("challenge.field.proposal"), hint: req.t("challenge.hint.proposal")),
            progress: form.field("progress", type: "textarea", label: req.t("challenge.field.progress")),
            evaluation: form.field(
                "evaluation", type: "textarea", label: req.t("challenge.field.evaluation"), hint: req.t("challenge.hint.evaluation")),
            errors: form.summary)
    }

    /// What the group waits for when no term of the municipality runs.
    static func expectation(_ status: ChallengeStatus, req: Request) -> String? {
        switch status {
        case .inGesprek: req.t("challenge.expect_proposal")
        case .overeenkomst, .uitvoering: req.t("challenge.expect_progress")
        default: nil
        }
    }

    /// What the handlers wait for when it is the group's turn.
    static func groupsTurn(_ status: ChallengeStatus, req: Request) -> String? {
        switch status {
        case .inGesprek: req.t("challenge.waiting_proposal")
        case .overeenkomst, .uitvoering: req.t("challenge.waiting_progress")
        default: nil
        }
    }

    // MARK: Rules

    static let rulesFields =
        ["version", "enabled", "introNl", "introEn", "openTasks", "excludedTasks"] + ChallengeTerm.allCases.map { "weeks-\($0.rawValue)" }

    static func values(of rules: ChallengeRules, version: Int) -> [String: String] {
        var values = [
            "version": String(version), "enabled": rules.enabled ? "ja" : "nee", "introNl": rules.intro.nl, "introEn": rules.intro.en,
            "openTasks": rules.openTasks.joined(separator: "\n"), "excludedTasks": rules.excludedTasks.joined(separator: "\n"),
            "conditions": rules.conditions.map(\.rawValue).joined(separator: ","),
        ]
        for term in ChallengeTerm.allCases { values["weeks-\(term.rawValue)"] = String(rules.weeks(term)) }
        return values
    }

    struct Handler: Encodable {
        let name: String
        let email: String
        let removeURL: String
    }

    struct RulesContext: Encodable {
        let municipality: String
        let action: String
        let version: String
        let enabled: FormField
        let introNl: FormField
        let introEn: FormField
        let openTasks: FormField
        let excludedTasks: FormField
        let conditions: FormField
        let weeks: [FormField]
        let handlers: [Handler]
        let addHandlerURL: String
        let handlerName: FormField
        let handlerEmail: FormField
        let publicURL: String
        let deskURL: String
        let errors: [ErrorSummaryItem]?
    }

    static func rulesForm(_ form: FormState, municipality: Municipality, handlers: [AccountStore.Person], req: Request) -> RulesContext {
        let language = req.language
        let code = municipality.code
        return RulesContext(
            municipality: municipality.name, action: ChallengeURL.rules(.value(code)).path, version: form.values["version"] ?? "0",
            enabled: form.field(
                "enabled", type: "radios", label: req.t("challenge.field.enabled"),
                options: [("ja", req.t("challenge.enabled_yes")), ("nee", req.t("challenge.enabled_no"))]),
            introNl: form.field(
                "introNl", type: "textarea", label: req.t("challenge.field.intro"), hint: req.t("challenge.hint.intro"), optional: true),
            introEn: form.field("introEn", type: "textarea", label: req.t("challenge.field.intro_en"), optional: true),
            openTasks: form.field(
                "openTasks", type: "textarea", label: req.t("challenge.field.open_tasks"), hint: req.t("challenge.hint.tasks")),
            excludedTasks: form.field(
                "excludedTasks", type: "textarea", label: req.t("challenge.field.excluded_tasks"), hint: req.t("challenge.hint.tasks"),
                optional: true),
            conditions: form.field(
                "conditions", type: "checkboxes", label: req.t("challenge.field.conditions"),
                options: ChallengeCondition.allCases.map { ($0.rawValue, $0.name(language)) }),
            weeks: ChallengeTerm.allCases.map {
                form.field(
                    "weeks-\($0.rawValue)", type: "number", label: req.t("challenge.field.weeks", $0.name(language)),
                    hint: req.t(hintKey($0)))
            },
            handlers: handlers.map {
                Handler(name: $0.name, email: $0.email, removeURL: ChallengeURL.removeHandler(.value(code), .value($0.id)).path)
            },
            addHandlerURL: ChallengeURL.addHandler(.value(code)).path,
            handlerName: form.field("handlerName", label: req.t("challenge.field.handler_name"), autocomplete: "off"),
            handlerEmail: form.field("handlerEmail", type: "email", label: req.t("challenge.field.handler_email"), autocomplete: "off"),
            publicURL: ChallengeURL.municipality(.value(code)).path, deskURL: ChallengeURL.desk(.value(code)).path, errors: form.summary)
    }

    static func hintKey(_ term: ChallengeTerm) -> String {
        switch term {
        case .ontvankelijkheid: return "challenge.hint.weeks.ontvankelijkheid"
        case .gesprek: return "challenge.hint.weeks.gesprek"
        case .advies: return "challenge.hint.weeks.advies"
        case .besluit: return "challenge.hint.weeks.besluit"
        case .overeenkomst: return "challenge.hint.weeks.overeenkomst"
        }
    }

    // MARK: The handlers' desk

    struct DeskRow: Encodable {
        let url: String
        let task: String
        let group: String
        let status: String
        let due: String?
        let overdue: Bool
        let waitingFor: String?
        let submittedOn: String
    }

    struct DeskContext: Encodable {
        let municipality: String
        let enabled: Bool
        let open: [DeskRow]
        let closed: [DeskRow]
        let overdueCount: Int
        let rulesURL: String
        let publicURL: String
    }

    static func desk(_ records: [ChallengeRecord], municipality: Municipality, rules: ChallengeRules, req: Request) -> DeskContext {
        let language = req.language
        let today = Format.day(req.application.clock.now())
        let rows = records.map { record -> (row: DeskRow, sortKey: String, closed: Bool) in
            let due = record.due(under: rules)
            let overdue = ChallengeTerms.isOverdue(due: due, today: today)
            let row = DeskRow(
                url: ChallengeURL.handle(.value(municipality.code), .value(record.id ?? UUID())).path, task: record.task,
                group: record.groupName, status: record.status.name(language), due: due.map { Format.day($0, language) }, overdue: overdue,
                waitingFor: record.status.term?.name(language) ?? groupsTurn(record.status, req: req),
                submittedOn: Format.date(record.createdAt, language))
            return (row, due ?? "9999-12-31", record.status.isClosed)
        }
        let open = rows.filter { !$0.closed }.sorted { $0.sortKey < $1.sortKey }.map(\.row)
        return DeskContext(
            municipality: municipality.name, enabled: rules.enabled, open: open, closed: rows.filter(\.closed).map(\.row),
            overdueCount: open.filter(\.overdue).count, rulesURL: ChallengeURL.rules(.value(municipality.code)).path,
            publicURL: ChallengeURL.municipality(.value(municipality.code)).path)
    }

    // MARK: One challenge for its handler

    struct Verdict: Encodable {
        let condition: String
        let legend: String
        let verdict: FormField
        let explanation: FormField
    }

    /// The steps a handler can take now.
    struct Can: Encodable {
        let admit: Bool
        let refuse: Bool
        let meeting: Bool
        let proposal: Bool
        let advise: Bool
        let decide: Bool
        let agree: Bool
        let progress: Bool
        let evaluate: Bool
        let nothing: Bool

        init(_ keys: [String], evaluated: Bool) {
            admit = keys.contains("ontvankelijk")
            refuse = keys.contains("niet-ontvankelijk")
            meeting = keys.contains("gesprek")
            proposal = keys.contains("voorstel")
            advise = keys.contains("advies")
            decide = keys.contains("besluit")
            agree = keys.contains("overeenkomst")
            progress = keys.contains("voortgang")
            evaluate = keys.contains("evaluatie") && !evaluated
            nothing = !(admit || refuse || meeting || proposal || advise || decide || agree || progress || evaluate)
        }
    }

    struct HandleContext: Encodable {
        let task: String
        let deskURL: String
        let status: String
        let due: String?
        let overdue: Bool
        let details: [Labelled]
        let contact: [Labelled]
        let refusal: Labelled?
        let proposal: String?
        let advice: [Labelled]
        let adviceSummary: String?
        let decision: Decision?
        let agreement: Agreement?
        let evaluations: [Labelled]
        let history: [Event]
        let documents: [DocumentLink]
        /// For the people who share the municipality's experiences, once both sides evaluated.
        let shareURL: String?
        let action: String
        let messageAction: String
        let version: Int
        let can: Can
        let condition: FormField
        let reason: FormField
        let meetingOn: FormField
        let notes: FormField
        let proposalField: FormField
        let verdicts: [Verdict]
        let summary: FormField
        let decisionField: FormField
        let reasons: FormField
        let decidedOn: FormField
        let agreementFrom: FormField
        let agreementUntil: FormField
        let agreementBudget: FormField
        let method: FormField
        let reporting: FormField
        let progress: FormField
        let evaluation: FormField
        let message: FormField
        let shared: FormField
        let errors: [ErrorSummaryItem]?
    }

    static func handle(
        _ record: ChallengeRecord, municipality: Municipality, rules: ChallengeRules, history: [ChallengeEvent],
        documents: [ChallengeStore.Document], form: FormState, req: Request
    ) -> HandleContext {
        let language = req.language
        let code = municipality.code
        let id = record.id ?? UUID()
        let due = record.due(under: rules)
        let can = Can(
            ChallengeWorkflow.actions(for: record.status, by: .handler, conditions: rules.conditions),
            evaluated: record.evaluationMunicipality != nil)
        let details = [
            Labelled(
                label: req.t("challenge.field.group"), text: record.groupName + " (" + record.legalForm.name(language).lowercased() + ")"),
            Labelled(label: req.t("challenge.submitted_on"), text: Format.date(record.createdAt, language)),
            record.budgetLine.isEmpty ? nil : Labelled(label: req.t("challenge.field.budget_line"), text: record.budgetLine),
            Labelled(label: req.t("challenge.field.plan"), text: record.plan),
            Labelled(label: req.t("challenge.field.support"), text: record.support),
            record.supporters.map { Labelled(label: req.t("challenge.field.supporters"), text: Format.number($0, language)) },
            Labelled(label: req.t("challenge.field.capacity"), text: record.capacity),
            euros(record.budget, language).map { Labelled(label: req.t("challenge.field.budget"), text: $0) },
            record.areas.isEmpty
                ? nil
                : Labelled(
                    label: req.t("challenge.field.focus_areas"), text: record.areas.map { $0.name(language) }.joined(separator: ", ")),
        ].compactMap { $0 }
        let contact = [
            Labelled(label: req.t("challenge.field.contact"), text: record.contactName),
            Labelled(label: req.t("field.email"), text: record.contactEmail),
            record.contactPhone.isEmpty ? nil : Labelled(label: req.t("challenge.field.phone"), text: record.contactPhone),
        ].compactMap { $0 }
        var values = form.values
        for assessment in record.assessments where values["verdict-\(assessment.condition.rawValue)"] == nil {
            values["verdict-\(assessment.condition.rawValue)"] = assessment.verdict.rawValue
            values["explanation-\(assessment.condition.rawValue)"] = assessment.explanation
        }
        if values["summary"] == nil, let summary = record.adviceSummary { values["summary"] = summary }
        let filled = FormState(req, values: values, errors: form.errors)
        let hintDate = req.t("hint.date")
        return HandleContext(
            task: record.task, deskURL: ChallengeURL.desk(.value(code)).path, status: record.status.name(language),
            due: due.map { Format.day($0, language) },
            overdue: ChallengeTerms.isOverdue(due: due, today: Format.day(req.application.clock.now())),
            details: details, contact: contact, refusal: refusal(of: record, history: history, req: req), proposal: record.proposal,
            advice: advice(of: record, language),
            adviceSummary: record.adviceSummary, decision: decision(of: record, language), agreement: agreement(of: record, req: req),
            evaluations: evaluations(of: record, req: req), history: events(history, req: req),
            documents: documentLinks(documents, url: { ChallengeURL.document(.value(code), .value(id), .value($0)).path }, req: req),
            shareURL: record.status == .geevalueerd
                && Access.allows(req.currentUser?.memberships ?? [], .shareExperiences, municipality: code)
                ? ExperienceURL.new(.value(code)).with([("uitdaging", id.uuidString)]) : nil,
            action: ChallengeURL.handle(.value(code), .value(id)).path, messageAction: ChallengeURL.message(.value(code), .value(id)).path,
            version: record.version, can: can,
            condition: filled.field(
                "condition", type: "select", label: req.t("challenge.field.failed_condition"),
                options: [("taak", req.t("challenge.refused_task"))] + rules.conditions.map { ($0.rawValue, $0.name(language)) }),
            reason: filled.field("reason", type: "textarea", label: req.t("challenge.field.reason")),
            meetingOn: filled.field("meetingOn", type: "date", label: req.t("challenge.field.meeting_on"), hint: hintDate),
            notes: filled.field("notes", type: "textarea", label: req.t("challenge.field.notes"), hint: req.t("challenge.hint.notes")),
            proposalField: filled.field("proposal", type: "textarea", label: req.t("challenge.field.proposal_received")),
            verdicts: rules.conditions.map { condition in
                Verdict(
                    condition: condition.rawValue, legend: condition.name(language),
                    verdict: filled.field(
                        "verdict-\(condition.rawValue)", type: "radios", label: req.t("challenge.field.verdict"),
                        options: ConditionVerdict.allCases.map { ($0.rawValue, $0.name(language)) }),
                    explanation: filled.field(
                        "explanation-\(condition.rawValue)", type: "textarea", label: req.t("challenge.field.explanation"),
                        hint: req.t("challenge.hint.explanation")))
            },
            summary: filled.field("summary", type: "textarea", label: req.t("challenge.field.summary")),
            decisionField: filled.field(
                "decision", type: "radios", label: req.t("challenge.field.decision"),
                options: ChallengeDecision.allCases.map { ($0.rawValue, $0.name(language)) }),
            reasons: filled.field(
                "reasons", type: "textarea", label: req.t("challenge.field.reasons"), hint: req.t("challenge.hint.reasons")),
            decidedOn: filled.field("decidedOn", type: "date", label: req.t("challenge.field.decided_on"), hint: hintDate),
            agreementFrom: filled.field("agreementFrom", type: "date", label: req.t("challenge.field.agreement_from"), hint: hintDate),
            agreementUntil: filled.field("agreementUntil", type: "date", label: req.t("challenge.field.agreement_until"), hint: hintDate),
            agreementBudget: filled.field(
                "agreementBudget", label: req.t("challenge.field.agreement_budget"), hint: req.t("challenge.hint.budget"), optional: true),
            method: filled.field("method", type: "textarea", label: req.t("challenge.field.method")),
            reporting: filled.field("reporting", type: "textarea", label: req.t("challenge.field.reporting")),
            progress: filled.field("progress", type: "textarea", label: req.t("challenge.field.progress")),
            evaluation: filled.field("evaluation", type: "textarea", label: req.t("challenge.field.evaluation_municipality")),
            message: filled.field("message", type: "textarea", label: req.t("challenge.field.handler_message")),
            shared: filled.field(
                "shared", type: "radios", label: req.t("challenge.field.shared"),
                options: [("ja", req.t("challenge.shared_yes")), ("nee", req.t("challenge.shared_no"))]),
            errors: form.summary)
    }

    /// The step a handler's form asks for, read from its fields; the workflow checks the rest.
    static func action(_ values: [String: String], rules: ChallengeRules) throws -> ChallengeAction {
        let value = { (name: String) in values[name] ?? "" }
        switch value("do") {
        case "ontvankelijk": return .admit
        case "niet-ontvankelijk":
            let condition = ChallengeCondition(rawValue: value("condition"))
            guard condition != nil || value("condition") == "taak" else {
                throw StoreFailure.fields([FieldError(field: "condition", message: "challenge.error.condition")])
            }
            return .refuseAdmission(condition: condition, reason: value("reason"))
        case "gesprek": return .meeting(on: value("meetingOn"), notes: value("notes"))
        case "voorstel": return .submitProposal(text: value("proposal"))
        case "advies":
            var assessments: [ConditionAssessment] = []
            for condition in rules.conditions {
                guard let verdict = ConditionVerdict(rawValue: value("verdict-\(condition.rawValue)")) else { continue }
                assessments.append(
                    ConditionAssessment(condition: condition, verdict: verdict, explanation: value("explanation-\(condition.rawValue)")))
            }
            return .advise(assessments: assessments, summary: value("summary"))
        case "besluit":
            guard let decision = ChallengeDecision(rawValue: value("decision")) else {
                throw StoreFailure.fields([FieldError(field: "decision", message: "challenge.error.decision")])
            }
            return .decide(decision, reasons: value("reasons"), on: value("decidedOn"))
        case "overeenkomst":
            let typed = value("agreementBudget").trimmingCharacters(in: .whitespaces)
            let budget = ChallengeSubmission.euros(typed)
            if !typed.isEmpty && budget == nil {
                throw StoreFailure.fields([
                    FieldError(field: "agreementBudget", message: "challenge.error.budget", limit: ChallengeWorkflow.maxBudget)
                ])
            }
            return .agree(
                from: value("agreementFrom"), until: value("agreementUntil"), budget: budget, method: value("method"),
                reporting: value("reporting"))
        case "voortgang": return .reportProgress(text: value("progress"))
        case "evaluatie": return .evaluate(text: value("evaluation"), otherSideDone: false)
        default: throw StoreFailure.fields([FieldError(field: "do", message: "error.form_tampered")])
        }
    }
}
