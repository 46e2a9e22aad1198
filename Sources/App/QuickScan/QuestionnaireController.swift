import DemocracyKit
import Fluent
import Vapor

/// The questionnaire for respondents: no account, a personal link (or one made from the open link for
/// inhabitants), one theme per page, save and continue later, a check page, one response per link.
///
/// The pages behind a link need no session and set no cookie: the link's code in the address is what gives
/// access, and it is also what keeps other sites from posting answers (they cannot know it), so these forms
/// carry no CSRF token (see `QuestionnaireURL.codeAuthorizedPrefix`).
struct QuestionnaireController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(QuestionnaireURL.codeForm, use: codeForm)
        routes.post(QuestionnaireURL.codeForm, use: enterCode)
        routes.get(QuestionnaireURL.thanks, use: thanks)
        routes.get(QuestionnaireURL.start(.key), use: start)
        routes.get(QuestionnaireURL.page(.key, .key), use: page)
        routes.post(QuestionnaireURL.page(.key, .key), use: savePage)
        routes.get(QuestionnaireURL.check(.key), use: check)
        routes.post(QuestionnaireURL.send(.key), use: submit)
        routes.get(QuestionnaireURL.openLink(.key), use: openLinkStart)
        routes.post(QuestionnaireURL.openLink(.key), use: openLinkBegin)
    }

    // MARK: Finding the link

    struct CodeContext: Encodable {
        let code: FormField
        let errors: [ErrorSummaryItem]?
        let action = QuestionnaireURL.codeForm.path
    }

    func codeForm(req: Request) async throws -> Response {
        req.wantsForm = true
        return try await req.render(
            "questionnaire/code", title: req.t("questionnaire.code_title"),
            CodeContext(
                code: FormState(req).field(
                    "code", label: req.t("field.code"), hint: req.t("hint.code"),
                    autocomplete: "off"), errors: nil))
    }

    func enterCode(req: Request) async throws -> Response {
        let values = req.formValues(["code"])
        let typed = values["code"]!
        if try await ScanStore.invitation(code: typed, on: req.db) != nil {
            return req.redirect(to: Self.start(typed))
        }
        if let own = try await ScanStore.wayBack(from: typed, ownCode: Self.wayBackCode(req), on: req.db) {
            return req.redirect(to: Self.start(own))
        }
        req.wantsForm = true
        let message = values["code"]!.trimmingCharacters(in: .whitespaces).isEmpty ? "error.code_required" : "error.code_unknown"
        let form = FormState(req, values: values, errors: [FieldError(field: "code", message: message)])
        return try await req.render(
            "questionnaire/code", title: req.t("questionnaire.code_title"),
            CodeContext(
                code: form.field(
                    "code", label: req.t("field.code"), hint: req.t("hint.code"),
                    autocomplete: "off"), errors: form.summary),
            hasErrors: true, status: .unprocessableEntity)
    }

    // MARK: Whose link this is

    /// The cookie that keeps a respondent's own code in their browser, so the link in their letter still brings
    /// them back to their answers there (and nowhere else). Only below /vragenlijst, never read by other pages.
    static let wayBackCookie = "dia_verder"
    static let wayBackCookieDays = 120

    private static func wayBackCode(_ req: Request) -> String? {
        req.cookies[wayBackCookie]?.string
    }

    private static func wayBackCookieValue(_ code: String, _ req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: SecureToken.normalizedCode(code), maxAge: wayBackCookieDays * 24 * 3600, path: QuestionnaireURL.codeForm.path,
            isSecure: req.application.config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    /// A code that cannot be used, whatever the reason (unknown, replaced by the respondent's own, sent, or its
    /// scan closed), answers the same: nobody holding the municipality's code can tell what happened to it.
    static let unusable = PageError(.notFound, "error.link_unusable")

    /// The link's invitation, if it can still be answered by whoever holds this code; otherwise the page that
    /// says why, or the way to the respondent's own code.
    private func usableInvitation(_ req: Request) async throws -> ScanInvitation {
        let code = req.parameters.get("code") ?? ""
        guard let invitation = try await ScanStore.invitation(code: code, on: req.db) else {
            if let own = try await ScanStore.wayBack(from: code, ownCode: Self.wayBackCode(req), on: req.db) {
                throw Abort.redirect(to: Self.start(own).path)
            }
            throw Self.unusable
        }
        let availability = ScanStore.availability(of: invitation.scan, today: req.clock.today)
        guard invitation.ownCode else {
            if invitation.used || availability == .closed { throw Self.unusable }
            if !ScanStore.draft(of: invitation).isEmpty {
                // Answers saved before drafts moved to a code of their own: move them now, for whoever comes first.
                try await moveLegacyDraft(invitation, req)
            }
            try requireOpen(invitation.scan, req)
            return invitation
        }
        if invitation.used { throw PageError(.gone, "error.link_used") }
        try requireOpen(invitation.scan, req)
        return invitation
    }

    private func moveLegacyDraft(_ invitation: ScanInvitation, _ req: Request) async throws -> Never {
        guard case .movedTo(let code) = try await ScanStore.saveDraft(ScanStore.draft(of: invitation), for: invitation, on: req.db) else {
            throw Self.unusable
        }
        throw Abort(
            .seeOther,
            headers: [
                "Location": Self.start(code).with([("eigen", "ja")]),
                "Set-Cookie": Self.wayBackCookieValue(code, req).serialize(name: Self.wayBackCookie),
            ])
    }

    private func requireOpen(_ scan: Scan, _ req: Request) throws {
        let availability = ScanStore.availability(of: scan, today: req.clock.today)
        if availability != .available { throw Self.unavailablePage(availability) }
    }

    private static func unavailablePage(_ availability: ScanStore.Availability) -> PageError {
        availability == .closed ? PageError(.gone, "error.scan_closed") : PageError(.forbidden, "error.scan_not_open")
    }

    /// The code in this request's address, as links write it.
    private func code(_ req: Request) -> Parameter<String> {
        .value(SecureToken.normalizedCode(req.parameters.get("code") ?? ""))
    }

    private func ownLinkNotice(_ req: Request) -> String? {
        req.query[String.self, at: "eigen"] == "ja" ? QuestionnaireURL.start(code(req)).absolute(req.application) : nil
    }

    private static func start(_ code: String) -> QuestionnaireURL {
        .start(.value(SecureToken.normalizedCode(code)))
    }

    // MARK: Pages

    struct StartContext: Encodable {
        let municipality: String
        let group: String
        let pages: Int
        let code: String
        /// Where the code can be typed, written out.
        let codeFormURL: String
        let showCode: Bool
        /// The code replaced the one in the respondent's letter, which no longer works elsewhere.
        let replacedLetter: Bool
        let resumeURL: String
        let startURL: String
        let hasStarted: Bool
        let closesOn: String
        let saved: Bool
    }

    func start(req: Request) async throws -> Response {
        let invitation = try await usableInvitation(req)
        let questionnaire = try await ScanStore.questionnaire(for: invitation, app: req.application, on: req.db)
        let draft = ScanStore.draft(of: invitation)
        let municipality = try await invitation.scan.$municipality.get(on: req.db)
        let code = SecureToken.normalizedCode(req.parameters.get("code") ?? "")
        let next = draft.isEmpty ? 1 : (questionnaire.firstOpenPage(draft: draft) ?? questionnaire.pages.count)
        let context = StartContext(
            municipality: municipality.name, group: invitation.group.member(req.language), pages: questionnaire.pages.count,
            code: SecureToken.grouped(code), codeFormURL: QuestionnaireURL.codeForm.absolute(req.application),
            showCode: invitation.ownCode, replacedLetter: invitation.ownCode && !invitation.fromOpenLink,
            resumeURL: QuestionnaireURL.start(self.code(req)).absolute(req.application),
            startURL: QuestionnaireURL.page(self.code(req), .value(next)).path, hasStarted: !draft.isEmpty,
            closesOn: Format.day(invitation.scan.closesOn, req.language), saved: req.query[String.self, at: "bewaard"] == "ja")
        return try await req.render("questionnaire/start", title: req.t("questionnaire.title", municipality.name), context)
    }

    struct Option: Encodable {
        let value: String
        let label: String
        let checked: Bool
        /// A choice of its own (a checkbox of the top three) has its own field name and id.
        var name: String? = nil
        var id: String? = nil
    }

    struct Question: Encodable {
        let id: String
        let name: String
        let text: String
        let isOpen: Bool
        let isPriority: Bool
        /// The top three: the options are checkboxes, at most three ticked.
        var isChoice = false
        let value: String
        let options: [Option]
        let error: String?
    }

    struct PageContext: Encodable {
        let title: String
        let number: Int
        let count: Int
        let progress: String
        let questions: [Question]
        let action: String
        let hasPrevious: Bool
        let errors: [ErrorSummaryItem]?
        /// Right after the answers moved to the respondent's own code: that code's link, to keep.
        let ownLink: String?
    }

    private func renderPage(
        _ req: Request, questionnaire: Questionnaire, number: Int, answers: [String: String],
        errors: [FieldError] = [], status: HTTPStatus = .ok
    ) async throws -> Response {
        guard let page = questionnaire.page(number) else { throw PageError(.notFound, "error.page.404.message") }
        let language = req.language
        let questions =
            page.isTopThree
            ? [topThree(req, page: page, answers: answers, errors: errors)]
            : page.items.map { item -> Question in
                let value = answers[item.id] ?? ""
                let name = Questionnaire.fieldPrefix + item.id
                let options: [Option] =
                    item.kind == .open
                    ? []
                    : ([1, 2, 3, 4, 5, 0]).map { scale in
                        let label = item.kind == .priority ? questionnaire.priorityScale.label(scale) : ScaleAnswer.agreementLabel(scale)
                        return Option(value: String(scale), label: label(language), checked: value == String(scale))
                    }
                return Question(
                    id: "vraag-" + item.id.replacingOccurrences(of: ".", with: "-"), name: name, text: item.text(language),
                    isOpen: item.kind == .open, isPriority: item.kind == .priority, value: value, options: options,
                    error: errors.first { $0.field == name }.map { req.message(for: $0) })
            }
        let summary =
            errors.isEmpty
            ? nil
            : errors.map {
                ErrorSummaryItem(
                    fieldID: "vraag-" + $0.field.dropFirst(Questionnaire.fieldPrefix.count).replacingOccurrences(of: ".", with: "-"),
                    message: req.message(for: $0))
            }
        let context = PageContext(
            title: page.title(language), number: number, count: questionnaire.pages.count,
            progress: req.t("questionnaire.progress", String(number), String(questionnaire.pages.count)),
            questions: questions, action: QuestionnaireURL.page(code(req), .value(number)).path, hasPrevious: number > 1,
            errors: summary, ownLink: ownLinkNotice(req))
        return try await req.render(
            "questionnaire/page", title: page.title(language) + " (" + context.progress + ")", context,
            hasErrors: !errors.isEmpty, status: status)
    }

    /// The top three as one group of checkboxes: a theme in the draft as 5 is ticked.
    private func topThree(_ req: Request, page: Questionnaire.Page, answers: [String: String], errors: [FieldError]) -> Question {
        let chosen = String(ScaleAnswer.five.rawValue)
        let id = "vraag-" + Questionnaire.topThreeField.dropFirst(Questionnaire.fieldPrefix.count)
        return Question(
            id: id, name: Questionnaire.topThreeField, text: req.t("questionnaire.top_three", String(Questionnaire.topThree)),
            isOpen: false, isPriority: true, isChoice: true, value: "",
            options: page.items.map { item in
                Option(
                    value: chosen, label: item.text(req.language), checked: answers[item.id] == chosen,
                    name: Questionnaire.fieldPrefix + item.id, id: "vraag-" + item.id.replacingOccurrences(of: ".", with: "-"))
            },
            error: errors.first { $0.field == Questionnaire.topThreeField }.map { req.message(for: $0) })
    }

    private func pageNumber(_ req: Request, in questionnaire: Questionnaire) throws -> Int {
        guard let number = Validate.number(req.parameters.get("page"), in: 1...max(1, questionnaire.pages.count)),
            questionnaire.page(number) != nil
        else {
            throw PageError(.notFound, "error.page.404.message")
        }
        return number
    }

    func page(req: Request) async throws -> Response {
        let invitation = try await usableInvitation(req)
        let questionnaire = try await ScanStore.questionnaire(for: invitation, app: req.application, on: req.db)
        return try await renderPage(
            req, questionnaire: questionnaire, number: try pageNumber(req, in: questionnaire),
            answers: ScanStore.draft(of: invitation))
    }

    /// Saves the page's answers, then goes back, on, or to the start page to continue later.
    func savePage(req: Request) async throws -> Response {
        let invitation = try await usableInvitation(req)
        let questionnaire = try await ScanStore.questionnaire(for: invitation, app: req.application, on: req.db)
        let number = try pageNumber(req, in: questionnaire)
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        switch questionnaire.accept(page: number, form: form) {
        case .failure(.tampered):
            throw PageError(.badRequest, "error.form_tampered")
        case .failure(.fields(let errors)):
            var shown = ScanStore.draft(of: invitation)
            for (key, value) in form where key.hasPrefix(Questionnaire.fieldPrefix) {
                shown[String(key.dropFirst(Questionnaire.fieldPrefix.count))] = value
            }
            return try await renderPage(
                req, questionnaire: questionnaire, number: number, answers: shown, errors: errors,
                status: .unprocessableEntity)
        case .success(let answers):
            let draft = questionnaire.merge(draft: ScanStore.draft(of: invitation), page: number, answers: answers)
            let saved = try await ScanStore.saveDraft(draft, for: invitation, on: req.db)
            guard saved != .gone else { throw Self.unusable }
            // The respondent's own code when the answers have just moved to it; the next page says so, once.
            let moved: String? = if case .movedTo(let own) = saved { SecureToken.normalizedCode(own) } else { nil }
            let code = moved.map { Parameter.value($0) } ?? self.code(req)
            let notice = moved == nil ? [] : [("eigen", "ja")]
            let next: QuestionnaireURL =
                switch form["richting"] {
                case "vorige": .page(code, .value(max(1, number - 1)))
                case "later": .start(code)
                default: number < questionnaire.pages.count ? .page(code, .value(number + 1)) : .check(code)
                }
            let response = req.redirect(to: next.with(form["richting"] == "later" ? [("bewaard", "ja")] : notice))
            if let moved { response.cookies[Self.wayBackCookie] = Self.wayBackCookieValue(moved, req) }
            return response
        }
    }

    struct CheckContext: Encodable {
        struct Row: Encodable {
            let question: String
            let answer: String
            let answered: Bool
        }
        struct Section: Encodable {
            let title: String
            /// The id of the section's change link, where the error summary leads.
            let editID: String
            let editURL: String
            let rows: [Row]
        }
        let sections: [Section]
        let action: String
        let lastPageURL: String
        let answered: Int
        let total: Int
        let openAnswered: Int
        let openTotal: Int
        let errors: [ErrorSummaryItem]?
        let ownLink: String?
    }

    /// The check page; with `error`, that error in the summary at the top, leading to the first change link
    /// (there is no field on this page: the answers are changed on the question pages).
    private func renderCheck(
        _ req: Request, invitation: ScanInvitation, questionnaire: Questionnaire, error: String? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let draft = ScanStore.draft(of: invitation)
        let language = req.language
        // Open questions may be left blank: they are counted apart, so a blank one does not look like a gap.
        let items = questionnaire.pages.flatMap(\.items)
        let (closed, open) = (items.filter { $0.kind != .open }, items.filter { $0.kind == .open })
        let sections = questionnaire.pages.map { page in
            let rows = page.items.map { item in
                let value = draft[item.id]
                let answer: String
                switch (item.kind, value) {
                case (_, nil): answer = req.t("questionnaire.not_answered")
                case (.open, let text?): answer = text
                case (.priority, let text?): answer = questionnaire.priorityScale.label(Int(text) ?? 0)(language)
                case (.statement, let text?): answer = ScaleAnswer.agreementLabel(Int(text) ?? 0)(language)
                }
                return CheckContext.Row(question: item.text(language), answer: answer, answered: value != nil)
            }
            return CheckContext.Section(
                title: page.title(language), editID: "wijzig-\(page.number)",
                editURL: QuestionnaireURL.page(code(req), .value(page.number)).path, rows: rows)
        }
        let context = CheckContext(
            sections: sections, action: QuestionnaireURL.send(code(req)).path,
            lastPageURL: QuestionnaireURL.page(code(req), .value(questionnaire.pages.count)).path,
            answered: closed.filter { draft[$0.id] != nil }.count, total: closed.count,
            openAnswered: open.filter { draft[$0.id] != nil }.count, openTotal: open.count,
            errors: error.map { [ErrorSummaryItem(fieldID: sections.first?.editID ?? "", message: $0)] },
            ownLink: ownLinkNotice(req))
        return try await req.render(
            "questionnaire/check", title: req.t("questionnaire.check_title"), context,
            hasErrors: error != nil, status: status)
    }

    func check(req: Request) async throws -> Response {
        let invitation = try await usableInvitation(req)
        let questionnaire = try await ScanStore.questionnaire(for: invitation, app: req.application, on: req.db)
        return try await renderCheck(req, invitation: invitation, questionnaire: questionnaire)
    }

    func submit(req: Request) async throws -> Response {
        switch try await ResponseStore.submit(code: req.parameters.get("code") ?? "", app: req.application) {
        case .stored, .alreadySent:
            // A second click or a retry after the answers were sent lands on the same thank-you page.
            return req.redirect(to: QuestionnaireURL.thanks)
        case .unknownLink:
            throw Self.unusable
        case .unavailable(let availability):
            throw Self.unavailablePage(availability)
        case .empty:
            let invitation = try await usableInvitation(req)
            let questionnaire = try await ScanStore.questionnaire(for: invitation, app: req.application, on: req.db)
            return try await renderCheck(
                req, invitation: invitation, questionnaire: questionnaire,
                error: req.t("error.nothing_answered"), status: .unprocessableEntity)
        }
    }

    func thanks(req: Request) async throws -> Response {
        try await req.render("questionnaire/thanks", title: req.t("questionnaire.thanks_title"), NoContent())
    }

    // MARK: The open link for inhabitants

    struct OpenContext: Encodable {
        let municipality: String
        let minAge: Int
        let closesOn: String
        let age: FormField
        let errors: [ErrorSummaryItem]?
        let tooYoung: Bool
        /// Until the scan opens: the day it does ("15 maart 2026").
        let opensOn: String?
        /// For someone who started before: where to type their code.
        let codeFormURL = QuestionnaireURL.codeForm.path
    }

    /// The scan of the open link in the address, whatever its state.
    private func openLinkScan(_ req: Request) async throws -> Scan {
        let code = req.parameters.get("openCode") ?? ""
        guard code.count <= 40, let scan = try await Scan.query(on: req.db).filter(\.$openToken == code).first() else {
            throw PageError(.notFound, "error.link_unknown")
        }
        return scan
    }

    private func openScan(_ req: Request) async throws -> Scan {
        let scan = try await openLinkScan(req)
        try requireOpen(scan, req)
        guard scan.openLinkActive else { throw PageError(.gone, "error.open_link_closed") }
        return scan
    }

    private func renderOpen(
        _ req: Request, scan: Scan, form: FormState, tooYoung: Bool = false, opensOn: String? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        let municipality = try await scan.$municipality.get(on: req.db)
        let context = OpenContext(
            municipality: municipality.name, minAge: scan.minAge,
            closesOn: Format.day(scan.closesOn, req.language),
            age: form.field("age", type: "number", label: req.t("field.age"), hint: req.t("hint.age")),
            errors: form.summary, tooYoung: tooYoung, opensOn: opensOn)
        return try await req.render(
            "questionnaire/open", title: req.t("questionnaire.title", municipality.name), context,
            hasErrors: form.hasErrors, status: status)
    }

    /// The open link can be shared while the scan is prepared: until it opens, the page says from when.
    func openLinkStart(req: Request) async throws -> Response {
        let scan = try await openLinkScan(req)
        if case .notYetOpen(let opensOn) = ScanStore.availability(of: scan, today: req.clock.today) {
            return try await renderOpen(req, scan: scan, form: FormState(req), opensOn: Format.day(opensOn, req.language))
        }
        return try await renderOpen(req, scan: try await openScan(req), form: FormState(req))
    }

    /// Checks the age (which is not kept) and gives the inhabitant a link of their own.
    /// The ages the open link takes as real.
    static let ages = 1...130

    func openLinkBegin(req: Request) async throws -> Response {
        let scan = try await openScan(req)
        let values = req.formValues(["age"])
        guard let age = Validate.number(values["age"], in: Self.ages) else {
            // A whole number outside any real age ("150") gets its own message, not "enter a number".
            let typed = values["age"]!.trimmingCharacters(in: .whitespaces)
            let isWholeNumber = !typed.isEmpty && typed.allSatisfy { $0.isASCII && $0.isNumber }
            let error =
                isWholeNumber
                ? FieldError(field: "age", message: "error.age_out_of_range", limit: Self.ages.upperBound)
                : FieldError(field: "age", message: "error.age_invalid")
            return try await renderOpen(
                req, scan: scan, form: FormState(req, values: values, errors: [error]), status: .unprocessableEntity)
        }
        guard age >= scan.minAge else {
            return try await renderOpen(req, scan: scan, form: FormState(req), tooYoung: true, status: .forbidden)
        }
        do {
            let code = try await ScanStore.startFromOpenLink(scan, address: req.clientAddress, app: req.application)
            return req.redirect(to: Self.start(code))
        } catch is ScanStore.TooManyStarts {
            let error = FieldError(field: "age", message: "error.open_link_busy", limit: OpenLinkLimit.windowMinutes)
            return try await renderOpen(
                req, scan: scan, form: FormState(req, values: values, errors: [error]), status: .tooManyRequests)
        }
    }
}
