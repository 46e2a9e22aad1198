import DemocracyKit
import Fluent
import Vapor

/// The report of a closed scan: as a page (print-friendly), CSV and JSON, and hiding open answers.
struct ReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let scan = routes.grouped(RequireSignIn())
        scan.get(ScanURL.report(.key, .key), use: show)
        scan.get(ScanURL.reportCSV(.key, .key), use: csv)
        scan.get(ScanURL.reportSpreadsheet(.key, .key), use: spreadsheet)
        scan.get(ScanURL.reportJSON(.key, .key), use: json)
        scan.get(ScanURL.openAnswers(.key, .key), use: openAnswers)
        scan.post(ScanURL.openAnswer(.key, .key, .key), use: setAnswerHidden)
    }

    /// The scan, for people who may read its report.
    private func readable(_ req: Request) async throws -> (Municipality, Scan, CurrentUser) {
        let municipality = try await MunicipalityAccess.requireNonPublic(req)
        let user = try req.requireUser()
        let scan = try await ScanAccess.scan(req, of: municipality)
        guard scan.status.hasReport else { throw PageError(.conflict, "error.report_not_ready") }
        guard ScanAccess.canReadReport(user, scan: scan, municipality: municipality.code) else {
            throw PageError(.forbidden, "error.forbidden_report")
        }
        return (municipality, scan, user)
    }

    /// A few open answers on the report page, and a link to all of them: the page stays the same size
    /// however many people answered.
    struct OpenAnswers: Encodable {
        let total: Int
        let shown: [OpenAnswer]
        let allURL: String?
        static let none = OpenAnswers(total: 0, shown: [], allURL: nil)
    }
    static let openAnswersOnReport = 5
    static let openAnswersPerPage = 50

    /// One open answer with its hide or show button (`quickscan/open_answer.leaf`).
    struct OpenAnswer: Encodable {
        let group: String
        let text: String
        let hidden: Bool
        let action: String
        let csrf: String
        /// Where to come back to after hiding or showing; nil for the answer's place in the report.
        let returnPath: String?
        /// On the report, the theme the answer belongs to, so that each "show again" button has its own name.
        let theme: String?
    }

    /// A rendered report is kept in memory under its scan's report version, language and kind of reader, and
    /// sent again until the version changes. The reader's CSRF token, which differs per person, goes in when
    /// it is sent, where the page holds `csrfMark` (a random value per process, so no text can contain it).
    private static let csrfMark = SecureToken.make()

    /// The page also shows offers from the catalogue, leaving out those the municipality asked for, so a change in
    /// either makes the page anew.
    private static func cacheKey(_ kind: String, _ scan: Scan, _ req: Request, manager: Bool = false) async throws -> String {
        let base = "\(kind)|\(try scan.requireID())|\(scan.reportVersion)|\(req.language.rawValue)|\(manager)"
        guard kind == "page" else { return base }
        let catalogue = try await CatalogueStore.revision(on: req.db)
        let requests = try await RequestStore.revision(of: scan.$municipality.id, on: req.db)
        let modules = try await req.learningModules().revision
        return base + "|\(catalogue.offers).\(catalogue.versions)|\(requests)|\(modules)"
    }

    struct Prerendered: Encodable {
        let body: String
    }

    /// The report's own part, rendered without the layout.
    struct Body<C: Encodable>: Encodable {
        let c: C
    }

    func show(req: Request) async throws -> Response {
        let (municipality, scan, user) = try await readable(req)
        let canManage = ScanAccess.canManage(user, municipality: municipality.code)
        let key = try await Self.cacheKey("page", scan, req, manager: canManage)
        let kept = try await req.application.quickScan.reports.value(key) {
            let html = try await renderReport(req, municipality: municipality, scan: scan, canManage: canManage)
            return .page(title: req.t("report.title", municipality.name), body: html.components(separatedBy: Self.csrfMark))
        }
        guard case .page(let title, let body) = kept else { throw Abort(.internalServerError) }
        return try await req.render(
            "prerendered", title: title,
            Prerendered(body: body.joined(separator: canManage ? req.csrfToken() ?? "" : "")))
    }

    private func renderReport(_ req: Request, municipality: Municipality, scan: Scan, canManage: Bool) async throws -> String {
        let language = req.language
        let (dto, report, data, previous) = try await ScanReports.dto(
            for: scan, municipality: municipality, app: req.application,
            language: language, on: req.db)
        let scanID = try scan.requireID()
        // The first open answers of each question, with their hide buttons, for the people who manage the scan.
        var openBlocks: [String: OpenAnswers] = [:]
        let openCounts = canManage ? data.openAnswerCounts(shownGroups: report.shownGroups) : [:]
        for (questionID, total) in openCounts where total > 0 {
            let first = try await ScanReports.openAnswers(
                of: scanID, questionID: questionID, shownGroups: report.shownGroups, page: 1,
                perPage: Self.openAnswersOnReport, total: total, on: req.db
            ).answers
            openBlocks[questionID] = OpenAnswers(
                total: total,
                shown: first.map {
                    Self.openAnswer(
                        $0, language, code: municipality.code, scanID: scanID, csrf: Self.csrfMark, returnPath: nil,
                        theme: data.bank.find(questionID).map { $0.theme.name(language) })
                },
                allURL: total > Self.openAnswersOnReport
                    ? ScanURL.openAnswers(.value(municipality.code), .value(scanID)).with([("vraag", questionID)]) : nil)
        }
        let recommendations = try await CatalogueStore.recommendations(
            for: report, bank: data.bank, municipality: municipality.code, app: req.application, on: req.db)
        let input = ReportPage.Input(
            municipalityCode: municipality.code, municipalityName: municipality.name, isDemo: municipality.isDemo,
            sizeClass: SizeClass(population: municipality.population), scanID: scanID, scanTitle: scan.title,
            period: scan.period(language), status: scan.status, bankVersion: scan.bankVersion, previousTitle: previous?.title,
            dto: dto, report: report, bank: data.bank, customQuestions: data.customQuestions, openAnswers: openBlocks,
            canManage: canManage, answersErasedOn: scan.answersErasedOn, recommendations: recommendations,
            councilModules: CouncilModules.suggest(
                report: report, themeNames: Dictionary(uniqueKeysWithValues: data.bank.themes.map { ($0.id, $0.name) }),
                modules: try await req.learningModules().modules))
        let context = ReportPage.make(input, language: language, localizer: req.application.localizer)
        return String(buffer: try await req.leaf.render("quickscan/report_body", Body(c: context)).data)
    }

    static func openAnswer(
        _ answer: ScanOpenAnswer, _ language: Language, code: String, scanID: UUID, csrf: String,
        returnPath: String?, theme: String? = nil
    ) -> OpenAnswer {
        OpenAnswer(
            group: answer.group.name(language), text: answer.text, hidden: answer.hidden,
            action: answer.id.map { ScanURL.openAnswer(.value(code), .value(scanID), .value($0)).path } ?? "", csrf: csrf,
            returnPath: returnPath, theme: theme)
    }

    struct OpenAnswersContext: Encodable {
        let reportURL: String
        let municipality: String
        let question: String
        let answers: [OpenAnswer]
        let summary: String
        let page: Int
        let pageCount: Int
        let previousURL: String?
        let nextURL: String?
    }

    /// All open answers to one question, a page at a time, for the coordinator and facilitator.
    func openAnswers(req: Request) async throws -> Response {
        let (municipality, user) = try await ScanAccess.requireManager(req)
        let scan = try await ScanAccess.scan(req, of: municipality)
        guard scan.status.hasReport else { throw PageError(.conflict, "error.report_not_ready") }
        let scanID = try scan.requireID()
        let questionID = req.query[String.self, at: "vraag"] ?? ""
        let data = try await ScanReports.data(for: scan, app: req.application, on: req.db)
        guard
            let text = data.bank.find(questionID).map({ $0.question.text(req.language) })
                ?? data.customQuestions.first(where: { $0.id == questionID })?.text
        else {
            throw PageError(.notFound, "error.page.404.message")
        }
        let report = ReportBuilder.build(data)
        let total = data.openAnswerCounts(shownGroups: report.shownGroups)[questionID] ?? 0
        let page = Validate.number(req.query[String.self, at: "pagina"], in: Validate.pageNumbers)
        let (answers, pagination) = try await ScanReports.openAnswers(
            of: scanID, questionID: questionID, shownGroups: report.shownGroups,
            page: page, perPage: Self.openAnswersPerPage, total: total, on: req.db)
        try await AuditLog.record(
            .openAnswersRead, by: .init(user), municipality: municipality.code,
            subject: "\(scan.title): \(text) (\(req.t("audit.page", String(pagination.page))))", app: req.application, on: req.db)
        let url = ScanURL.openAnswers(.value(municipality.code), .value(scanID))
        let pageURL = { (page: Int) in url.with([("vraag", questionID), ("pagina", String(page))]) }
        let returnPath = pageURL(pagination.page)
        let csrf = req.csrfToken() ?? ""
        let context = OpenAnswersContext(
            reportURL: ScanURL.report(.value(municipality.code), .value(scanID)).path, municipality: municipality.name, question: text,
            answers: answers.map {
                Self.openAnswer($0, req.language, code: municipality.code, scanID: scanID, csrf: csrf, returnPath: returnPath)
            },
            summary: req.t("report.open_answers_count", String(pagination.firstItem), String(pagination.lastItem), String(total)),
            page: pagination.page, pageCount: pagination.pageCount,
            previousURL: pagination.hasPrevious ? pageURL(pagination.page - 1) : nil,
            nextURL: pagination.hasNext ? pageURL(pagination.page + 1) : nil)
        return try await req.render("quickscan/open_answers", title: req.t("report.open_answers") + " – " + municipality.name, context)
    }

    func csv(req: Request) async throws -> Response {
        let (municipality, scan, user) = try await readable(req)
        try await AuditLog.record(
            .reportDownloaded, by: .init(user), municipality: municipality.code, subject: scan.title + " (CSV)", app: req.application,
            on: req.db)
        let dto = try await ScanReports.dto(
            for: scan, municipality: municipality, app: req.application, language: req.language,
            on: req.db
        ).dto
        return req.csvDownload(dto.csv, filename: "quickscan-\(municipality.code)-\(scan.closedOn ?? scan.opensOn).csv")
    }

    /// The same numbers for Dutch Excel: opens in columns (semicolons, a byte order mark), Dutch headers and
    /// decimal commas, one row per theme and group.
    func spreadsheet(req: Request) async throws -> Response {
        let (municipality, scan, user) = try await readable(req)
        try await AuditLog.record(
            .reportDownloaded, by: .init(user), municipality: municipality.code, subject: scan.title + " (Excel)",
            app: req.application, on: req.db)
        let dto = try await ScanReports.dto(for: scan, municipality: municipality, app: req.application, language: req.language, on: req.db)
            .dto
        let headers = [
            req.t("report.sheet.theme"), req.t("report.sheet.group"), req.t("report.sheet.score"), req.t("report.sheet.answers"),
            req.t("report.sheet.dont_know"), req.t("report.sheet.priority"), req.t("report.sheet.national"),
            req.t("report.sheet.size_class"),
        ]
        let body = dto.spreadsheet(headers: headers, total: req.t("report.sheet.total"), language: req.language)
        return req.csvDownload(body, filename: "quickscan-\(municipality.code)-\(scan.closedOn ?? scan.opensOn)-excel.csv")
    }

    func json(req: Request) async throws -> Response {
        let (municipality, scan, _) = try await readable(req)
        let key = try await Self.cacheKey("json", scan, req)
        let kept = try await req.application.quickScan.reports.value(key) {
            let dto = try await ScanReports.dto(
                for: scan, municipality: municipality, app: req.application, language: req.language,
                on: req.db
            ).dto
            return .json(ByteBuffer(data: try JSONEncoder().encode(dto)))
        }
        guard case .json(let body) = kept else { throw Abort(.internalServerError) }
        let response = Response(status: .ok, body: .init(buffer: body))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// Hides an open answer that names or points at a person, or shows it again.
    func setAnswerHidden(req: Request) async throws -> Response {
        let (municipality, _) = try await ScanAccess.requireManager(req)
        let scan = try await ScanAccess.scan(req, of: municipality)
        guard let id = req.parameters.get("answerID").flatMap(UUID.init(uuidString:)),
            let answer = try await ScanOpenAnswer.query(on: req.db).filter(\.$id == id).filter(\.$scan.$id == scan.requireID()).first()
        else {
            throw PageError(.notFound, "error.page.404.message")
        }
        let values = req.formValues(["hidden", "terug"])
        answer.hidden = values["hidden"] == "ja"
        try await req.db.transaction { db in
            try await answer.update(on: db)
            try await ScanStore.reportsChanged(of: answer.$scan.id, on: db)
        }
        if let back = req.safeReturnPath(values["terug"]) { return req.redirect(to: back) }
        return req.redirect(
            to: ScanURL.report(.value(municipality.code), .value(try scan.requireID())).path + "#thema-"
                + (req.application.questionBanks.byVersion[scan.bankVersion]?.find(answer.questionID)?.theme.id ?? "eigen"))
    }
}
