import DemocracyKit
import Fluent
import Vapor

/// Preparing, opening and closing a municipality's scans, and making the links to them.
struct ScanController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let scans = routes.grouped(RequireSignIn())
        scans.get(ScanURL.list(.key), use: index)
        scans.post(ScanURL.list(.key), use: create)
        scans.get(ScanURL.show(.key, .key), use: show)
        scans.post(ScanURL.settings(.key, .key), use: updateSettings)
        scans.post(ScanURL.questions(.key, .key), use: addQuestion)
        scans.post(ScanURL.removeQuestion(.key, .key, .key), use: removeQuestion)
        scans.post(ScanURL.open(.key, .key), use: open)
        scans.get(ScanURL.close(.key, .key), use: confirmClose)
        scans.post(ScanURL.close(.key, .key), use: close)
        scans.get(ScanURL.reopen(.key, .key), use: confirmReopen)
        scans.post(ScanURL.reopen(.key, .key), use: reopen)
        scans.post(ScanURL.share(.key, .key), use: release)
        scans.post(ScanURL.links(.key, .key), use: makeLinks)
        scans.post(ScanURL.invite(.key, .key), use: inviteByEmail)
        scans.post(ScanURL.remind(.key, .key), use: remindByEmail)
        scans.post(ScanURL.openLinkState(.key, .key), use: setOpenLink)
    }

    struct Row: Encodable {
        let url: String
        let reportURL: String
        let title: String
        let status: String
        let period: String
        let hasReport: Bool
        let responses: Int
        /// For the people who manage the scan, when the report counts fewer responses than the list: why.
        let reportNote: String?
    }

    struct IndexContext: Encodable {
        let code: String
        let name: String
        let isDemo: Bool
        let canManage: Bool
        let rows: [Row]
        let dashboardURL: String
        let createURL: String
    }

    func index(req: Request) async throws -> Response {
        let municipality = try await MunicipalityAccess.requireNonPublic(req)
        let user = try req.requireUser()
        let canManage = ScanAccess.canManage(user, municipality: municipality.code)
        let scans = try await Scan.query(on: req.db).filter(\.$municipality.$id == municipality.code)
            .sort(\.$createdAt, .descending).all()
        var responses: [UUID: [Int]] = [:]
        for count in try await ScanGroupCount.query(on: req.db).filter(\.$scan.$id ~~ scans.compactMap(\.id)).all() {
            responses[count.$scan.id, default: []].append(count.responses)
        }
        let rows = scans.filter { canManage || ScanAccess.canReadReport(user, scan: $0, municipality: municipality.code) }.map { scan in
            let counts = scan.id.flatMap { responses[$0] } ?? []
            let told = ReportRules.responsesTold(perGroup: counts, toManager: canManage)
            let inReport = ReportRules.responsesTold(perGroup: counts, toManager: false)
            return Row(
                url: scan.id.map { ScanURL.show(.value(municipality.code), .value($0)).path } ?? "",
                reportURL: scan.id.map { ScanURL.report(.value(municipality.code), .value($0)).path } ?? "",
                title: scan.title, status: scan.status.name(req.language),
                period: scan.period(req.language), hasReport: scan.status.hasReport,
                responses: told,
                reportNote: scan.status.hasReport && told != inReport
                    ? req.t("scans.report_counts", Format.number(inReport, req.language), String(ReportRules.minimumGroupSize)) : nil)
        }
        return try await req.render(
            "quickscan/index", title: req.t("scans.title", municipality.name),
            IndexContext(
                code: municipality.code, name: municipality.name, isDemo: municipality.isDemo,
                canManage: canManage, rows: rows,
                dashboardURL: DashboardURL.municipality(.value(municipality.code)).path,
                createURL: ScanURL.list(.value(municipality.code)).path))
    }

    func create(req: Request) async throws -> Response {
        let (municipality, _) = try await ScanAccess.requireManager(req)
        let scan = try await ScanStore.create(
            municipalityCode: municipality.code, bank: req.application.questionBanks.current, today: req.clock.now(), on: req.db)
        return req.redirect(to: ScanURL.show(.value(municipality.code), .value(try scan.requireID())))
    }

    struct GroupCount: Encodable {
        let name: String
        let responses: Int
    }

    struct CustomRow: Encodable {
        let removeURL: String
        let text: String
        let kind: String
        let groups: String
    }

    /// Every link of a scan's page, finished.
    struct ScanLinks: Encodable {
        let list, settings, questions, links, invite, remind, openLinkState, open, close, reopen, share, report: String

        init(code: String, id: UUID) {
            let (code, id) = (Parameter.value(code), Parameter.value(id))
            list = ScanURL.list(code).path
            settings = ScanURL.settings(code, id).path
            questions = ScanURL.questions(code, id).path
            links = ScanURL.links(code, id).path
            invite = ScanURL.invite(code, id).path
            remind = ScanURL.remind(code, id).path
            openLinkState = ScanURL.openLinkState(code, id).path
            open = ScanURL.open(code, id).path
            close = ScanURL.close(code, id).path
            reopen = ScanURL.reopen(code, id).path
            share = ScanURL.share(code, id).path
            report = ScanURL.report(code, id).path
        }
    }

    struct ShowContext: Encodable {
        let urls: ScanLinks
        let municipality: String
        let isDemo: Bool
        let id: String
        let title: String
        let status: String
        let isConcept: Bool
        let isOpen: Bool
        let isClosed: Bool
        let isReleased: Bool
        /// Closed, not shared, its answers not erased.
        let canReopen: Bool
        let hasReport: Bool
        let period: String
        let minAge: Int
        let groups: String
        let bankVersion: String
        let availability: String?
        let counts: [GroupCount]
        let totalResponses: Int
        let customQuestions: [CustomRow]
        let canAddQuestion: Bool
        let maxQuestions: Int
        let openLink: String?
        /// What the open link does now, when that is not "it works": from when it works, or that it no longer does.
        let openLinkNote: String?
        let openLinkShareable: Bool
        let openLinkActive: Bool
        /// A sentence for the coordinator when starts from one address were refused.
        let openLinkBurst: String?
        let settings: Settings?
        let question: QuestionForm?
        let links: LinkForm?
        let mail: MailForm?
        let errors: [ErrorSummaryItem]?

        struct Settings: Encodable {
            let title: FormField
            let opensOn: FormField
            let closesOn: FormField
            let minAge: FormField
            let groups: FormField
        }
        struct QuestionForm: Encodable {
            let text: FormField
            let kind: FormField
            let groups: FormField
        }
        struct LinkForm: Encodable {
            let group: FormField
            let count: FormField
        }
        struct MailForm: Encodable {
            let group: FormField
            let addresses: FormField
        }
    }

    /// Which form an error belongs to, so the page shows the user's input in that form only. The preparation form
    /// holds the settings and the custom questions: one form, so that nothing typed in one part is lost by a button
    /// of the other.
    enum FormName { case preparation, links, mail }

    private func renderShow(
        _ req: Request, municipality: Municipality, scan: Scan, form: FormState? = nil,
        formName: FormName? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        let scanID = try scan.requireID()
        let language = req.language
        let counts = try await ResponseStore.responseCounts(of: scanID, on: req.db)
        let custom = try await ScanStore.customQuestions(of: scanID, on: req.db)

        func state(_ name: FormName, defaults: [String: String]) -> FormState {
            if formName == name, let form { return form }
            return FormState(req, values: defaults)
        }
        let settingsState = state(
            .preparation,
            defaults: [
                "title": scan.title, "opensOn": scan.opensOn, "closesOn": scan.closesOn,
                "minAge": String(scan.minAge), "groups": scan.groupList,
            ])
        let questionState = state(.preparation, defaults: ["kind": "statement", "questionGroups": scan.groupList])
        let linkState = state(.links, defaults: ["count": "25"])
        let mailState = state(.mail, defaults: [:])

        let taking = ScanStore.availability(of: scan, today: req.clock.today)
        let availability: String? =
            switch taking {
            case .available: nil
            case .notYetOpen(let opensOn): scan.status == .open ? req.t("scan.opens_later", Format.day(opensOn, language)) : nil
            case .closed: scan.status == .open ? req.t("scan.past_closing") : nil
            }

        let context = ShowContext(
            urls: ScanLinks(code: municipality.code, id: scanID), municipality: municipality.name, isDemo: municipality.isDemo,
            id: scanID.uuidString, title: scan.title, status: scan.status.name(language),
            isConcept: scan.status == .concept, isOpen: scan.status == .open, isClosed: scan.status == .closed,
            isReleased: scan.status == .report, canReopen: scan.status.canReopen && scan.answersErasedOn == nil,
            hasReport: scan.status.hasReport, period: scan.period(language), minAge: scan.minAge,
            groups: scan.groups.map { $0.name(language) }.joined(separator: ", "), bankVersion: scan.bankVersion,
            availability: availability,
            counts: scan.groups.map { GroupCount(name: $0.name(language), responses: counts[$0] ?? 0) },
            totalResponses: counts.values.reduce(0, +),
            customQuestions: custom.map {
                CustomRow(
                    removeURL: $0.id.map { ScanURL.removeQuestion(.value(municipality.code), .value(scanID), .value($0)).path } ?? "",
                    text: $0.text, kind: req.t("scan.kind_\($0.kind.rawValue)"),
                    groups: $0.question.groups.map { $0.name(language) }.joined(separator: ", "))
            },
            canAddQuestion: custom.count < CustomQuestion.maximum, maxQuestions: CustomQuestion.maximum,
            openLink: scan.openToken.map { QuestionnaireURL.openLink(.value($0)).absolute(req.application) },
            openLinkNote: {
                if scan.status.hasReport { return req.t("scan.open_link_ended") }
                if case .notYetOpen(let opensOn) = taking { return req.t("scan.open_link_from", Format.day(opensOn, language)) }
                return nil
            }(),
            openLinkShareable: !scan.status.hasReport,
            openLinkActive: scan.openLinkActive,
            openLinkBurst: scan.openLinkRefused > 0
                ? req.t(
                    "scan.open_link_burst", String(OpenLinkLimit.startsPerAddress), String(scan.openLinkRefused),
                    Format.day(scan.openLinkRefusedOn ?? "", req.language)) : nil,
            settings: settingsForm(scan, settingsState, req), question: questionForm(scan, custom: custom.count, questionState, req),
            links: linkForm(scan, linkState, req), mail: mailForm(scan, mailState, req),
            errors: form?.summary)
        return try await req.render(
            "quickscan/show", title: scan.title + " – " + municipality.name, context,
            hasErrors: form?.hasErrors ?? false, status: status)
    }

    /// The settings form, while the scan is in concept.
    private func settingsForm(_ scan: Scan, _ state: FormState, _ req: Request) -> ShowContext.Settings? {
        guard scan.status == .concept else { return nil }
        let groupOptions = RespondentGroup.allCases.map { ($0.rawValue, $0.name(req.language) + " (" + $0.description(req.language) + ")") }
        return ShowContext.Settings(
            title: state.field("title", label: req.t("field.scan_title")),
            opensOn: state.field("opensOn", type: "date", label: req.t("field.opens_on"), hint: req.t("hint.date")),
            closesOn: state.field("closesOn", type: "date", label: req.t("field.closes_on"), hint: req.t("hint.date")),
            minAge: state.field("minAge", type: "number", label: req.t("field.min_age"), hint: req.t("hint.min_age")),
            groups: state.field("groups", type: "checkboxes", label: req.t("field.groups"), options: groupOptions))
    }

    /// The form for a question of the municipality's own, while there is room for one and the scan is in concept.
    private func questionForm(_ scan: Scan, custom: Int, _ state: FormState, _ req: Request) -> ShowContext.QuestionForm? {
        guard scan.status == .concept, custom < CustomQuestion.maximum else { return nil }
        return ShowContext.QuestionForm(
            text: state.field(
                "text", type: "textarea", label: req.t("field.question_text"),
                hint: req.t("hint.question_text", String(CustomQuestion.maxLength))),
            kind: state.field(
                "kind", type: "radios", label: req.t("field.question_kind"),
                options: [("statement", req.t("scan.kind_statement")), ("open", req.t("scan.kind_open"))]),
            groups: state.field(
                "questionGroups", type: "checkboxes", label: req.t("field.question_groups"),
                options: scan.groups.map { ($0.rawValue, $0.name(req.language)) }))
    }

    /// The form that makes personal links, in concept and while the scan is open.
    private func linkForm(_ scan: Scan, _ state: FormState, _ req: Request) -> ShowContext.LinkForm? {
        guard [.concept, .open].contains(scan.status) else { return nil }
        return ShowContext.LinkForm(
            group: state.field(
                "group", type: "select", label: req.t("field.link_group"), hint: req.t("hint.link_group"),
                options: scan.groups.map { ($0.rawValue, $0.name(req.language)) }),
            count: state.field(
                "count", type: "number", label: req.t("field.link_count"),
                hint: req.t("hint.link_count", String(ScanStore.maxLinksPerBatch))))
    }

    /// The form that mails personal links, while the scan is open.
    private func mailForm(_ scan: Scan, _ state: FormState, _ req: Request) -> ShowContext.MailForm? {
        guard scan.status == .open else { return nil }
        return ShowContext.MailForm(
            group: state.field(
                "mailGroup", type: "select", label: req.t("field.link_group"),
                options: scan.groups.map { ($0.rawValue, $0.name(req.language)) }),
            addresses: state.field(
                "addresses", type: "textarea", label: req.t("field.addresses"),
                hint: req.t("hint.addresses", Format.number(AddressList.maxAddresses, req.language))))
    }

    func show(req: Request) async throws -> Response {
        let (municipality, _) = try await ScanAccess.requireManager(req)
        return try await renderShow(req, municipality: municipality, scan: try await ScanAccess.scan(req, of: municipality))
    }

    /// Runs a change; a wrong status or wrong input comes back as the page with a message.
    private func change(
        _ req: Request, form formName: FormName? = nil, values: [String: String] = [:],
        notice: String, _ action: (Scan, Municipality) async throws -> Void
    ) async throws -> Response {
        let (municipality, _) = try await ScanAccess.requireManager(req)
        let scan = try await ScanAccess.scan(req, of: municipality)
        do {
            try await action(scan, municipality)
        } catch StoreFailure.fields(let errors) {
            return try await renderShow(
                req, municipality: municipality, scan: scan,
                form: FormState(req, values: values, errors: errors), formName: formName,
                status: .unprocessableEntity)
        }
        req.flash(req.t(notice))
        return req.redirect(to: ScanURL.show(.value(municipality.code), .value(try scan.requireID())))
    }

    /// What the preparation form sent: its settings, when they were on the page, and a new question when one was
    /// typed or its own button was pressed. With the values, to show them again with any errors.
    private func preparation(_ req: Request, questionRequired: Bool) -> (ScanStore.Preparation, [String: String]) {
        let values = req.formValues(["title", "opensOn", "closesOn", "minAge", "text", "kind"], lists: ["groups", "questionGroups"])
        let settingsSent = (try? req.content.get(String.self, at: "title")) != nil
        let questionTyped = !values["text"]!.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        return (
            ScanStore.Preparation(
                settings: settingsSent
                    ? .init(
                        title: values["title"]!, opensOn: values["opensOn"]!, closesOn: values["closesOn"]!,
                        minAge: values["minAge"]!, groups: req.formList("groups")) : nil,
                question: questionRequired || questionTyped
                    ? .init(text: values["text"]!, kind: values["kind"]!, groups: req.formList("questionGroups")) : nil),
            values
        )
    }

    /// Every button of the preparation form saves all of it: the settings and a question typed, then does its own part.
    private func prepared(
        _ req: Request, questionRequired: Bool = false, notice: String? = nil,
        then action: @escaping (Scan) async throws -> Void = { _ in }
    ) async throws -> Response {
        let (preparation, values) = preparation(req, questionRequired: questionRequired)
        let saved = preparation.question != nil ? "scan.question_added" : "scan.saved"
        return try await change(req, form: .preparation, values: values, notice: notice ?? saved) { scan, _ in
            try await ScanStore.prepare(scan, preparation, on: req.db)
            try await action(scan)
        }
    }

    func updateSettings(req: Request) async throws -> Response {
        try await prepared(req)
    }

    func addQuestion(req: Request) async throws -> Response {
        try await prepared(req, questionRequired: true)
    }

    func removeQuestion(req: Request) async throws -> Response {
        try await prepared(req, notice: "scan.question_removed") { scan in
            guard let id = req.parameters.get("questionID").flatMap(UUID.init(uuidString:)) else {
                throw PageError(.notFound, "error.page.404.message")
            }
            try await ScanStore.removeCustomQuestion(id, from: scan, on: req.db)
        }
    }

    func open(req: Request) async throws -> Response {
        try await prepared(req, notice: "scan.opened") { scan in
            try await ScanStore.open(
                scan, bank: req.application.questionBanks.bank(scan.bankVersion), notifying: req.application, on: req.db)
        }
    }

    struct CloseContext: Encodable {
        let title: String
        let responses: String
        let closeURL: String
        let backURL: String
    }

    /// Closing cannot be undone, so the scan page's button leads here first: what closing means, and how many
    /// responses the report will rest on.
    func confirmClose(req: Request) async throws -> Response {
        let (municipality, _) = try await ScanAccess.requireManager(req)
        let scan = try await ScanAccess.scan(req, of: municipality)
        guard scan.status == .open else { return req.redirect(to: ScanURL.show(.value(municipality.code), .value(try scan.requireID()))) }
        let (code, id) = (Parameter<String>.value(municipality.code), Parameter<UUID>.value(try scan.requireID()))
        let total = try await ResponseStore.responseCounts(of: try scan.requireID(), on: req.db).values.reduce(0, +)
        let context = CloseContext(
            title: scan.title, responses: req.t("scan.close_confirm_responses", municipality.name, Format.number(total, req.language)),
            closeURL: ScanURL.close(code, id).path, backURL: ScanURL.show(code, id).path)
        return try await req.render("quickscan/close", title: req.t("scan.close_confirm_title", scan.title), context)
    }

    func close(req: Request) async throws -> Response {
        try await change(req, notice: "scan.closed") { scan, _ in
            try await ScanStore.close(scan, app: req.application, today: req.clock.now(), on: req.db)
        }
    }

    struct ReopenContext: Encodable {
        let title: String
        let closesOn: FormField
        let action: String
        let backURL: String
        let errors: [ErrorSummaryItem]?
    }

    /// Opening a closed scan again changes what its report will say and ends nothing given, but the links of
    /// before closing stay ended: this page says so and asks for the new last day.
    func confirmReopen(req: Request) async throws -> Response {
        let (municipality, _) = try await ScanAccess.requireManager(req)
        let scan = try await ScanAccess.scan(req, of: municipality)
        guard scan.status.canReopen, scan.answersErasedOn == nil else {
            return req.redirect(to: ScanURL.show(.value(municipality.code), .value(try scan.requireID())))
        }
        let twoWeeks = Format.day(req.clock.now().addingTimeInterval(14 * 24 * 3600))
        return try await renderReopen(req, municipality: municipality, scan: scan, form: FormState(req, values: ["closesOn": twoWeeks]))
    }

    private func renderReopen(
        _ req: Request, municipality: Municipality, scan: Scan, form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        let (code, id) = (Parameter<String>.value(municipality.code), Parameter<UUID>.value(try scan.requireID()))
        let context = ReopenContext(
            title: scan.title,
            closesOn: form.field("closesOn", type: "date", label: req.t("field.closes_on"), hint: req.t("hint.date")),
            action: ScanURL.reopen(code, id).path, backURL: ScanURL.show(code, id).path, errors: form.summary)
        return try await req.render(
            "quickscan/reopen", title: req.t("scan.reopen_title", scan.title), context, hasErrors: form.hasErrors, status: status)
    }

    func reopen(req: Request) async throws -> Response {
        let (municipality, _) = try await ScanAccess.requireManager(req)
        let scan = try await ScanAccess.scan(req, of: municipality)
        let values = req.formValues(["closesOn"])
        do {
            try await ScanStore.reopen(scan, closesOn: values["closesOn"]!, app: req.application, today: req.clock.now(), on: req.db)
        } catch StoreFailure.fields(let errors) {
            return try await renderReopen(
                req, municipality: municipality, scan: scan, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        }
        req.flash(req.t("scan.reopened", Format.day(scan.closesOn, req.language)))
        return req.redirect(to: ScanURL.show(.value(municipality.code), .value(try scan.requireID())))
    }

    func release(req: Request) async throws -> Response {
        try await change(req, notice: "scan.released") { scan, _ in
            try await ScanStore.release(scan, notifying: req.application, on: req.db)
        }
    }

    func setOpenLink(req: Request) async throws -> Response {
        let active = req.formValues(["active"])["active"] == "ja"
        return try await change(req, notice: active ? "scan.open_link_opened" : "scan.open_link_closed") { scan, _ in
            try await ScanStore.setOpenLink(scan, active: active, on: req.db)
        }
    }

    struct PrintContext: Encodable {
        struct Letter: Encodable {
            let url: String
            let code: String
        }
        let municipality: String
        let group: String
        let salutation: String
        let letters: [Letter]
        let backURL: String
        /// Where a code can be typed, written out on every letter.
        let codeFormURL: String
    }

    /// Mails a personal link to each address of the list; the page then says how many, and which lines had no
    /// valid address.
    func inviteByEmail(req: Request) async throws -> Response {
        let values = req.formValues(["mailGroup", "addresses"])
        var report: ScanStore.MailInvitationReport?
        let response = try await change(req, form: .mail, values: values, notice: "scan.invited") { scan, _ in
            report = try await ScanStore.inviteByEmail(
                scan, group: values["mailGroup"]!, addresses: values["addresses"]!, app: req.application)
        }
        if let report { req.flash(Self.summary(of: report, req)) }
        return response
    }

    static func summary(of report: ScanStore.MailInvitationReport, _ req: Request) -> String {
        let number = { Format.number($0, req.language) }
        var parts = [req.t("scan.invited", number(report.sent))]
        if report.list.duplicates > 0 { parts.append(req.t("scan.invited_duplicates", number(report.list.duplicates))) }
        if report.list.problemCount > 0 {
            let lines = report.list.problems.map { req.t("scan.invited_line", String($0.line), $0.text) }.joined(separator: "; ")
            parts.append(req.t("scan.invited_problems", number(report.list.problemCount), lines))
        }
        if report.list.overLimit > 0 {
            parts.append(req.t("scan.invited_over_limit", number(report.list.overLimit), number(AddressList.maxAddresses)))
        }
        return parts.joined(separator: " ")
    }

    /// Reminds every invited address whose link is unused. The page does not say how many: that would tell,
    /// after inviting one person, whether they had started.
    func remindByEmail(req: Request) async throws -> Response {
        try await change(req, notice: "scan.reminded") { scan, _ in
            _ = try await ScanStore.remindByEmail(scan, app: req.application)
        }
    }

    /// Makes links and hands them over once: as CSV for a mail merge, or as a page to print.
    func makeLinks(req: Request) async throws -> Response {
        let (municipality, _) = try await ScanAccess.requireManager(req)
        let scan = try await ScanAccess.scan(req, of: municipality)
        let values = req.formValues(["group", "count", "format"])
        let group: RespondentGroup
        let codes: [String]
        do {
            (group, codes) = try await ScanStore.makeInvitations(for: scan, group: values["group"]!, count: values["count"]!, on: req.db)
        } catch StoreFailure.fields(let errors) {
            return try await renderShow(
                req, municipality: municipality, scan: scan, form: FormState(req, values: values, errors: errors),
                formName: .links, status: .unprocessableEntity)
        }
        // Inhabitants found through the population register are written to as "aan de bewoners", never by name.
        let salutation = group == .inwoners ? req.t("links.salutation_inhabitants") : req.t("links.salutation")
        if values["format"] == "print" {
            let context = PrintContext(
                municipality: municipality.name, group: group.name(req.language), salutation: salutation,
                letters: codes.map { .init(url: QuestionnaireURL.start(.value($0)).absolute(req.application), code: $0) },
                backURL: ScanURL.show(.value(municipality.code), .value(try scan.requireID())).path,
                codeFormURL: QuestionnaireURL.codeForm.absolute(req.application))
            return try await req.render("quickscan/letters", title: req.t("links.print_title"), context)
        }
        let rows = codes.map { code in
            [salutation, group.name(req.language), QuestionnaireURL.start(.value(code)).absolute(req.application), code]
        }
        return req.csvDownload(
            CSV.file([["aanhef", "groep", "link", "code"]] + rows), filename: "quickscan-links-\(municipality.code)-\(group.rawValue).csv")
    }
}
