import DemocracyKit
import Fluent
import Vapor

/// A burgerberaad by lot, step 1 (docs/lottery.md): the coordinator uploads the address file, publishes the seed,
/// draws the letters and prints them; invitees register with their code; everyone can read the audit page.
struct LotteryController: RouteCollection {
    /// An address file of a million lines fits; the file is read as text and kept sealed until the draw.
    static let maxFile: ByteCount = "64mb"

    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequireSignIn())
        signedIn.get(LotteryURL.index(.key), use: index)
        signedIn.post(LotteryURL.index(.key), use: create)
        signedIn.get(LotteryURL.show(.key, .key), use: show)
        signedIn.post(LotteryURL.addresses(.key, .key), maxBody: Self.maxFile, use: upload)
        signedIn.post(LotteryURL.seed(.key, .key), use: publishSeed)
        signedIn.post(LotteryURL.draw(.key, .key), use: draw)
        signedIn.get(LotteryURL.letters(.key, .key), use: letters)
        signedIn.get(LotteryURL.lettersCSV(.key, .key), use: lettersCSV)
        signedIn.post(LotteryURL.closeRegistration(.key, .key), use: closeRegistration)
        signedIn.post(LotteryURL.select(.key, .key), use: select)
        signedIn.post(LotteryURL.finish(.key, .key), use: finish)
        routes.get(LotteryURL.register(.key), use: registerForm)
        routes.post(LotteryURL.register(.key), use: register)
        routes.get(LotteryURL.audit(.key), use: audit)
    }

    private func lottery(_ req: Request) async throws -> (Municipality, CurrentUser, LotteryRecord) {
        let (municipality, user) = try await req.municipality(for: .runLottery, refusal: "lottery.error_forbidden")
        let record = try await LotteryStore.find(
            req.parameters.get("lotteryID").flatMap(UUID.init(uuidString:)), of: municipality.code, on: req.db)
        return (municipality, user, record)
    }

    func index(req: Request) async throws -> Response {
        let (municipality, _) = try await req.municipality(for: .runLottery, refusal: "lottery.error_forbidden")
        return try await renderIndex(req, municipality: municipality, form: FormState(req))
    }

    private func renderIndex(_ req: Request, municipality: Municipality, form: FormState, status: HTTPStatus = .ok) async throws -> Response
    {
        req.wantsForm = true
        let records = try await LotteryStore.list(of: municipality.code, on: req.db)
        let context = LotteryPages.index(records, municipality: municipality, form: form, req: req)
        return try await req.render(
            "participation/lotteries", title: req.t("lottery.index_title", municipality.name), context, hasErrors: form.hasErrors,
            status: status)
    }

    func create(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .runLottery, refusal: "lottery.error_forbidden")
        let values = req.formValues(["title", "areas"])
        do {
            let record = try await LotteryStore.create(
                title: values["title"] ?? "", areas: values["areas"] ?? "", of: municipality.code, by: user, app: req.application)
            req.flash(req.t("lottery.created"))
            return req.redirect(to: LotteryURL.show(.value(municipality.code), .value(try record.requireID())))
        } catch StoreFailure.fields(let errors) {
            return try await renderIndex(
                req, municipality: municipality, form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
        }
    }

    func show(req: Request) async throws -> Response {
        let (municipality, _, record) = try await lottery(req)
        return try await renderShow(req, municipality: municipality, record: record, form: FormState(req))
    }

    private func renderShow(
        _ req: Request, municipality: Municipality, record: LotteryRecord, form: FormState, problems: LotteryStore.QuotaProblems? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        let pool = try await LotteryStore.pool(of: record, on: req.db).map(\.volunteer)
        let members = record.status == .gekozen ? try await LotteryStore.members(of: record, app: req.application) : []
        let registered = try await LotteryStore.volunteerCount(of: record, on: req.db)
        let context = try LotteryPages.show(
            record, municipality: municipality, pool: pool, registered: registered, members: members, form: form, problems: problems,
            req: req)
        return try await req.render("participation/lottery", title: record.title, context, hasErrors: form.hasErrors, status: status)
    }

    /// Runs one step of the coordinator's page; a wrong field shows the page again with the input kept, a step
    /// that no longer fits (the seed already published) shows it with the reason.
    private func step(_ req: Request, fields: [String], _ work: (LotteryRecord, [String: String]) async throws -> Void, notice: String)
        async throws -> Response
    {
        let (municipality, _, record) = try await lottery(req)
        let values = req.formValues(fields)
        do {
            try await work(record, values)
        } catch StoreFailure.fields(let errors) {
            let fresh = try await LotteryStore.find(record.id, of: municipality.code, on: req.db)
            return try await renderShow(
                req, municipality: municipality, record: fresh, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            let fresh = try await LotteryStore.find(record.id, of: municipality.code, on: req.db)
            let error = FieldError(field: fields.first ?? "step", message: key)
            return try await renderShow(
                req, municipality: municipality, record: fresh, form: FormState(req, values: values, errors: [error]), status: .conflict)
        }
        req.flash(req.t(notice))
        return req.redirect(to: LotteryURL.show(.value(municipality.code), .value(try record.requireID())))
    }

    func upload(req: Request) async throws -> Response {
        try await step(
            req, fields: ["addresses"],
            { record, _ in
                guard let file = try? req.content.get(File.self, at: "addresses"), file.data.readableBytes > 0 else {
                    throw StoreFailure.fields([FieldError(field: "addresses", message: "lottery.error_file_required")])
                }
                try await LotteryStore.upload(String(buffer: file.data), to: record, app: req.application)
            }, notice: "lottery.uploaded")
    }

    func publishSeed(req: Request) async throws -> Response {
        try await step(
            req, fields: ["seed", "announced"],
            { record, values in
                try await LotteryStore.publishSeed(
                    values["seed"] ?? "", announced: values["announced"] ?? "", on: record, app: req.application)
            }, notice: "lottery.seed_published")
    }

    func draw(req: Request) async throws -> Response {
        try await step(
            req, fields: ["letters"],
            { record, values in
                try await LotteryStore.draw(letters: values["letters"] ?? "", on: record, app: req.application)
            }, notice: "lottery.drawn")
    }

    /// Ends the assembly and erases its registrations and letters, once the coordinator confirms it.
    func finish(req: Request) async throws -> Response {
        let user = try req.requireUser()
        return try await step(
            req, fields: ["confirm"],
            { record, values in
                guard values["confirm"] == "ja" else {
                    throw StoreFailure.fields([FieldError(field: "confirm", message: "lottery.error_confirm_finish")])
                }
                try await LotteryStore.finish(record, by: .init(user), app: req.application, on: req.db)
            }, notice: "lottery.finished")
    }

    func closeRegistration(req: Request) async throws -> Response {
        try await step(
            req, fields: ["close"],
            { record, _ in
                try await LotteryStore.closeRegistration(record, app: req.application)
            }, notice: "lottery.registration_closed")
    }

    func select(req: Request) async throws -> Response {
        let (municipality, _, record) = try await lottery(req)
        let criteria = record.criteria
        let shareFields = criteria.flatMap { criterion in criterion.values.map { LotterySelectionForm.shareField(criterion.id, $0.id) } }
        let values = req.formValues(["panel", "selectionSeed", "selectionAnnounced", "nearest"] + shareFields)
        do {
            let volunteers = try await LotteryStore.volunteerCount(of: record, on: req.db)
            let form = try LotterySelectionForm.read(values, criteria: criteria, volunteers: volunteers, language: req.language)
            try await LotteryStore.select(form, useNearest: values["nearest"] == "ja", on: record, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderShow(
                req, municipality: municipality, record: record, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            return try await renderShow(
                req, municipality: municipality, record: record,
                form: FormState(req, values: values, errors: [FieldError(field: "panel", message: key)]), status: .conflict)
        } catch let problems as LotteryStore.QuotaProblems {
            return try await renderShow(
                req, municipality: municipality, record: record,
                form: FormState(req, values: values, errors: [FieldError(field: "panel", message: "lottery.error_quotas")]),
                problems: problems, status: .unprocessableEntity)
        }
        req.flash(req.t("lottery.selected"))
        return req.redirect(to: LotteryURL.show(.value(municipality.code), .value(try record.requireID())))
    }

    func letters(req: Request) async throws -> Response {
        let (municipality, user, record) = try await lottery(req)
        let letters = try await LotteryStore.letters(of: record, app: req.application)
        guard !letters.isEmpty else { throw StoreFailure.conflict("lottery.error_seed_first") }
        try await AuditLog.record(
            .lettersDownloaded, by: .init(user), municipality: municipality.code, subject: record.title,
            app: req.application, on: req.db)
        let context = LotteryPages.letters(letters, record: record, municipality: municipality, req: req)
        return try await req.render("participation/letters", title: req.t("lottery.letters_title", record.title), context)
    }

    func lettersCSV(req: Request) async throws -> Response {
        let (municipality, user, record) = try await lottery(req)
        let letters = try await LotteryStore.letters(of: record, app: req.application)
        guard !letters.isEmpty else { throw StoreFailure.conflict("lottery.error_seed_first") }
        try await AuditLog.record(
            .lettersDownloaded, by: .init(user), municipality: municipality.code, subject: record.title + " (CSV)",
            app: req.application, on: req.db)
        let registerURL = LotteryURL.register(.value(try record.requireID())).absolute(req.application)
        let rows =
            [[req.t("lottery.csv_position"), req.t("lottery.csv_address"), req.t("lottery.csv_code"), req.t("lottery.csv_url")]]
            + letters.map {
                [String($0.position), $0.address, $0.code, registerURL]
            }
        return req.csvDownload(CSV.file(rows, forDutchExcel: true), filename: "brieven-burgerberaad.csv")
    }

    // MARK: Public

    func registerForm(req: Request) async throws -> Response {
        let record = try await LotteryStore.find(req.parameters.get("lotteryID").flatMap(UUID.init(uuidString:)), on: req.db)
        let values = ["code": String((req.query[String.self, at: "code"] ?? "").prefix(40))]
        return try await renderRegister(
            req, record: record, form: FormState(req, values: values), done: req.query[String.self, at: "aangemeld"] == "ja")
    }

    private func renderRegister(_ req: Request, record: LotteryRecord, form: FormState, done: Bool = false, status: HTTPStatus = .ok)
        async throws -> Response
    {
        req.wantsForm = true
        let municipality = try await MunicipalityQueries.require(code: record.municipalityCode, on: req.db)
        let context = LotteryPages.register(record, municipality: municipality, form: form, done: done, req: req)
        return try await req.render(
            "participation/register", title: req.t("lottery.register_title", record.title), context, hasErrors: form.hasErrors,
            status: status)
    }

    func register(req: Request) async throws -> Response {
        let record = try await LotteryStore.find(req.parameters.get("lotteryID").flatMap(UUID.init(uuidString:)), on: req.db)
        let criteria = record.criteria
        let values = req.formValues(["code", "name", "email", "phone"] + criteria.map(\.id))
        do {
            let registration = try LotteryRegistration.read(values, criteria: criteria)
            try await LotteryStore.register(registration, for: record, from: req.clientAddress, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderRegister(
                req, record: record, form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            return try await renderRegister(
                req, record: record, form: FormState(req, values: values, errors: [FieldError(field: "code", message: key)]),
                status: .conflict)
        }
        return req.redirect(to: LotteryURL.register(.value(try record.requireID())).with([("aangemeld", "ja")]))
    }

    func audit(req: Request) async throws -> Response {
        let record = try await LotteryStore.find(req.parameters.get("lotteryID").flatMap(UUID.init(uuidString:)), on: req.db)
        let municipality = try await MunicipalityQueries.require(code: record.municipalityCode, on: req.db)
        let volunteers = try await LotteryStore.volunteerCount(of: record, on: req.db)
        let context = LotteryPages.audit(record, municipality: municipality, volunteers: volunteers, req: req)
        return try await req.render("participation/audit", title: req.t("lottery.audit_title", record.title), context)
    }
}
