import DemocracyKit
import Fluent
import Vapor

/// The woningscan (docs/resilience.md): anyone does the self-check and reads what the scan is; a signed-in person
/// keeps their answers if they want; an office holder requests a scan and follows its status; programme staff take
/// a request, and its handler alone reads the address, plans the visit and records it done.
struct HomeScanController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(HomeScanURL.selfCheck, use: selfCheck)
        routes.post(HomeScanURL.selfCheck, use: check)
        let signedIn = routes.grouped(RequireSignIn())
        signedIn.post(HomeScanURL.forgetAnswers, use: forget)
        signedIn.get(HomeScanURL.request, use: new)
        signedIn.post(HomeScanURL.request, use: create)
        signedIn.get(HomeScanURL.mine(.key), use: mine)
        let staff = signedIn.grouped(RequireProgrammeStaff())
        staff.get(HomeScanURL.staffList, use: index)
        staff.get(HomeScanURL.staffShow(.key), use: show)
        staff.post(HomeScanURL.take(.key), use: take)
        staff.post(HomeScanURL.plan(.key), use: plan)
        staff.post(HomeScanURL.finish(.key), use: finish)
    }

    // MARK: The self-check

    func selfCheck(req: Request) async throws -> Response {
        let check = req.application.homeCheck
        var values: [String: String] = [:]
        var kept: (answers: [String: HomeCheckAnswer], savedAt: Date)?
        if let user = req.currentUser {
            kept = try await HomeScanStore.kept(of: user, check: req.application.homeCheck, app: req.application)
        }
        if let kept {
            for question in check.questions { values[HomeCheck.field(question)] = kept.answers[question.id]?.rawValue }
            values["keep"] = "ja"
        }
        return try await renderSelfCheck(req, form: FormState(req, values: values), answers: kept?.answers, keptOn: kept?.savedAt)
    }

    func check(req: Request) async throws -> Response {
        let check = req.application.homeCheck
        let values = req.formValues(check.questions.map(HomeCheck.field) + ["keep"])
        let read = Result { () throws(StoreFailure) in try check.read(values) }
        var keptOn: Date?
        if let user = req.currentUser { keptOn = try await HomeScanStore.kept(of: user, check: check, app: req.application)?.savedAt }
        guard case .success(let answers) = read else {
            if case .failure(.fields(let errors)) = read {
                return try await renderSelfCheck(
                    req, form: FormState(req, values: values, errors: errors), answers: nil, keptOn: keptOn, status: .unprocessableEntity)
            }
            throw Abort(.badRequest)
        }
        // Kept only when the person asks for it, and only for someone signed in.
        if let user = req.currentUser, values["keep"] == "ja" {
            try await HomeScanStore.keep(answers, for: user, app: req.application)
            req.flash(req.t("woningscan.kept"))
            return req.redirect(to: HomeScanURL.selfCheck)
        }
        return try await renderSelfCheck(req, form: FormState(req, values: values), answers: answers, keptOn: keptOn)
    }

    func forget(req: Request) async throws -> Response {
        let removed = try await HomeScanStore.forget(for: try req.requireUser(), on: req.db)
        req.flash(req.t(removed ? "woningscan.forgotten" : "woningscan.nothing_kept"))
        return req.redirect(to: HomeScanURL.selfCheck)
    }

    private func renderSelfCheck(
        _ req: Request, form: FormState, answers: [String: HomeCheckAnswer]?, keptOn: Date?, status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        var requests: [HomeScanRequestRecord] = []
        if let user = req.currentUser { requests = try await HomeScanStore.mine(of: user, on: req.db) }
        let context = HomeScanPages.selfCheck(
            req.application.homeCheck, form: form, answers: answers, keptOn: keptOn, requests: requests, req: req)
        return try await req.render(
            "resilience/homescan_selfcheck", title: req.t("woningscan.title"), context, hasErrors: form.hasErrors, status: status)
    }

    // MARK: The office holder's request

    func new(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let codes = HomeScanAccess.municipalities(forRequesting: user.memberships)
        var values: [String: String] = [:]
        if codes.count == 1 { values["municipality"] = codes[0] }
        return try await renderRequest(req, user: user, form: FormState(req, values: values))
    }

    func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard !HomeScanAccess.municipalities(forRequesting: user.memberships).isEmpty else {
            throw PageError(.forbidden, "woningscan.error.no_municipality")
        }
        let values = req.formValues(HomeScanRequestForm.fieldNames)
        do {
            let record = try await HomeScanStore.request(HomeScanRequestForm(values: values), by: user, app: req.application)
            req.flash(req.t("woningscan.sent"))
            return req.redirect(to: HomeScanURL.mine(.value(try record.requireID())))
        } catch StoreFailure.fields(let errors) {
            return try await renderRequest(
                req, user: user, form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
        }
    }

    private func renderRequest(_ req: Request, user: CurrentUser, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        let codes = HomeScanAccess.municipalities(forRequesting: user.memberships)
        req.wantsForm = !codes.isEmpty
        let municipalities = codes.isEmpty ? [] : try await Municipality.query(on: req.db).filter(\.$id ~~ codes).sort(\.$name).all()
        let context = HomeScanPages.request(
            form: form, municipalities: municipalities.map { ($0.code, $0.name) },
            requests: try await HomeScanStore.mine(of: user, on: req.db), req: req)
        return try await req.render(
            "resilience/homescan_request", title: req.t("woningscan.request_title"), context, hasErrors: form.hasErrors, status: status)
    }

    func mine(req: Request) async throws -> Response {
        let own = try await HomeScanStore.own(
            req.parameters.get("homeScanID").flatMap(UUID.init(uuidString:)), by: try req.requireUser(), app: req.application)
        let context = HomeScanPages.mine(
            own.record, municipality: own.municipality, handlerName: own.handlerName, advice: own.advice, req: req)
        return try await req.render("resilience/homescan_mine", title: req.t("woningscan.mine_title", own.record.reference), context)
    }

    // MARK: Programme staff

    func index(req: Request) async throws -> Response {
        let (rows, pagination) = try await HomeScanStore.list(
            page: Validate.number(req.query[String.self, at: "pagina"], in: Validate.pageNumbers), on: req.db)
        return try await req.render(
            "resilience/homescan_list", title: req.t("woningscan.staff_title"), HomeScanPages.list(rows, pagination: pagination, req: req))
    }

    func show(req: Request) async throws -> Response {
        let opened = try await open(req)
        // A planned visit's day stands in the form, to move it.
        return try await renderShow(req, opened: opened, form: FormState(req, values: ["plannedOn": opened.record.plannedOn ?? ""]))
    }

    private func open(_ req: Request, unseal: Bool = true) async throws -> HomeScanStore.Opened {
        try await HomeScanStore.read(
            req.parameters.get("homeScanID").flatMap(UUID.init(uuidString:)), by: try req.requireUser(), unseal: unseal,
            app: req.application)
    }

    private func renderShow(_ req: Request, opened: HomeScanStore.Opened, form: FormState, status: HTTPStatus = .ok) async throws
        -> Response
    {
        req.wantsForm = true
        let response = try await req.render(
            "resilience/homescan_show", title: req.t("woningscan.show_title", opened.record.reference),
            HomeScanPages.show(opened, form: form, req: req), hasErrors: form.hasErrors, status: status)
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        return response
    }

    func take(req: Request) async throws -> Response {
        try await change(req, fields: ["take"]) { opened, _, seen, user in
            try await HomeScanStore.take(opened.record, seenVersion: seen, by: user, app: req.application)
            return req.t("woningscan.taken")
        }
    }

    func plan(req: Request) async throws -> Response {
        try await change(req, fields: ["plannedOn"]) { opened, values, seen, user in
            try await HomeScanStore.plan(
                opened.record, on: values["plannedOn", default: ""], seenVersion: seen, by: user, app: req.application)
            return req.t("woningscan.planned")
        }
    }

    func finish(req: Request) async throws -> Response {
        try await change(req, fields: ["advice"]) { opened, values, seen, user in
            try await HomeScanStore.finish(
                opened.record, advice: values["advice", default: ""], seenVersion: seen, by: user, app: req.application)
            return req.t("woningscan.finished")
        }
    }

    /// One step on a request: its version checked, the page back with the input kept on a wrong field (422) or a
    /// newer version (409), else back to the request with a message.
    private func change(
        _ req: Request, fields: [String],
        _ step: (HomeScanStore.Opened, [String: String], Int, CurrentUser) async throws -> String
    ) async throws -> Response {
        let user = try req.requireUser()
        let opened = try await open(req, unseal: false)
        let values = req.formValues(fields + ["version"])
        let field = fields.first ?? "version"
        do {
            guard let seen = Validate.number(values["version"], in: 1...Int(Int32.max)) else {
                throw StoreFailure.fields([FieldError(field: field, message: "error.form_tampered")])
            }
            let message = try await step(opened, values, seen, user)
            req.flash(message)
        } catch StoreFailure.fields(let errors) {
            return try await renderShow(
                req, opened: try await open(req), form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            return try await renderShow(
                req, opened: try await open(req), form: FormState(req, values: values, errors: [FieldError(field: field, message: key)]),
                status: .conflict)
        }
        return req.redirect(to: HomeScanURL.staffShow(.value(try opened.record.requireID())))
    }
}
