import DemocracyKit
import Vapor

/// Ondermijning: know it, spot it, report it (docs/resilience.md). News from programme staff, signals by sector,
/// the knowledge base, the quiz whose levels open at 80% right, and reporting a signal to a municipality's
/// designated contact without an account, with a follow-up code.
struct UnderminingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(UnderminingURL.home, use: home)
        routes.get(UnderminingURL.signals, use: signals)
        routes.get(UnderminingURL.knowledge, use: knowledge)
        routes.get(UnderminingURL.article(.key), use: article)
        routes.get(UnderminingURL.quiz, use: quiz)
        routes.get(UnderminingURL.level(.key), use: level)
        routes.post(UnderminingURL.level(.key), use: answer)
        routes.get(UnderminingURL.news, use: news)
        routes.grouped(RequireSignIn()).post(UnderminingURL.news, use: publish)
        routes.get(UnderminingURL.reportForm, use: reportForm)
        routes.post(UnderminingURL.reportForm, use: report)
        routes.get(UnderminingURL.followUp, use: followUpForm)
        routes.post(UnderminingURL.followUp, use: followUp)
        let signedIn = routes.grouped(RequireSignIn())
        signedIn.get(UnderminingURL.desk(.key), use: desk)
        signedIn.post(UnderminingURL.desk(.key), use: setContact)
        signedIn.get(UnderminingURL.report(.key, .key), use: showReport)
        signedIn.post(UnderminingURL.report(.key, .key), use: reply)
    }

    func home(req: Request) async throws -> Response {
        let context = UnderminingPages.home(news: try await UnderminingStore.news(limit: 3, on: req.db), req: req)
        return try await req.render("resilience/undermining", title: req.t("ondermijning.title"), context)
    }

    func signals(req: Request) async throws -> Response {
        let raw = req.query[String.self, at: "sector"] ?? ""
        let sector = UnderminingSector(rawValue: raw)
        guard raw.isEmpty || sector != nil else { throw StoreFailure.notFound("ondermijning.error.sector") }
        let context = UnderminingPages.signals(req.application.underminingContent.library, sector: sector, req: req)
        return try await req.render("resilience/signals", title: req.t("ondermijning.signals_title"), context)
    }

    func knowledge(req: Request) async throws -> Response {
        let context = UnderminingPages.knowledge(req.application.underminingContent.library, req: req)
        return try await req.render("resilience/knowledge", title: req.t("ondermijning.knowledge_title"), context)
    }

    func article(req: Request) async throws -> Response {
        let content = req.application.underminingContent
        guard let article = content.library.article(req.parameters.get("article") ?? "") else {
            throw StoreFailure.notFound("ondermijning.error.article")
        }
        return try await req.render(
            "resilience/article", title: article.title(req.language), UnderminingPages.article(article, content: content, req: req))
    }

    // MARK: The quiz

    func quiz(req: Request) async throws -> Response {
        let library = req.application.underminingContent.library
        let passed = try await UnderminingStore.passedLevels(of: req.currentUser, on: req.db)
        var best: [Int: UnderminingQuizResult] = [:]
        if let user = req.currentUser { best = try await UnderminingStore.best(of: user, on: req.db) }
        return try await req.render(
            "resilience/quiz", title: req.t("ondermijning.quiz_title"), UnderminingPages.quiz(library, passed: passed, best: best, req: req)
        )
    }

    /// The level of the address, when this person may play it: the first for everyone, a next one only for someone
    /// signed in who passed the one before. Anything else, a posted answer included, is refused.
    private func openLevel(_ req: Request) async throws -> QuizLevel {
        let library = req.application.underminingContent.library
        guard let number = Validate.number(req.parameters.get("level"), in: 1...library.levels.count), let level = library.level(number)
        else { throw StoreFailure.notFound("ondermijning.error.level") }
        let passed = try await UnderminingStore.passedLevels(of: req.currentUser, on: req.db)
        guard QuizLevels.isOpen(number, passed: passed) else {
            throw StoreFailure.notAllowed(req.currentUser == nil ? "ondermijning.error.locked_sign_in" : "ondermijning.error.locked")
        }
        return level
    }

    func level(req: Request) async throws -> Response {
        try await renderLevel(req, level: try await openLevel(req), attempt: nil, form: FormState(req))
    }

    func answer(req: Request) async throws -> Response {
        let level = try await openLevel(req)
        let values = req.formValues(level.questions.indices.map { "q\($0 + 1)" })
        do {
            let attempt = try QuizAttempt.read(values, quiz: level.questions)
            if let user = req.currentUser { try await UnderminingStore.record(attempt, level: level.level, by: user, app: req.application) }
            return try await renderLevel(req, level: level, attempt: attempt, form: FormState(req, values: values))
        } catch StoreFailure.fields(let errors) {
            return try await renderLevel(
                req, level: level, attempt: nil, form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
        }
    }

    private func renderLevel(_ req: Request, level: QuizLevel, attempt: QuizAttempt?, form: FormState, status: HTTPStatus = .ok)
        async throws -> Response
    {
        req.wantsForm = true
        let context = UnderminingPages.level(level, content: req.application.underminingContent, attempt: attempt, form: form, req: req)
        return try await req.render("resilience/quiz_level", title: context.title, context, hasErrors: form.hasErrors, status: status)
    }

    // MARK: News

    func news(req: Request) async throws -> Response {
        try await renderNews(req, form: FormState(req))
    }

    private func renderNews(_ req: Request, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        let canPublish = req.currentUser?.isProgrammeStaff == true
        req.wantsForm = canPublish
        let context = UnderminingPages.news(try await UnderminingStore.news(on: req.db), canPublish: canPublish, form: form, req: req)
        return try await req.render(
            "resilience/news", title: req.t("ondermijning.news_title"), context, hasErrors: form.hasErrors, status: status)
    }

    func publish(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard user.isProgrammeStaff else { throw StoreFailure.notAllowed("ondermijning.error.news_staff") }
        let values = req.formValues(UnderminingNewsForm.fieldNames)
        switch UnderminingNewsForm.read(values) {
        case .failure(.fields(let errors)):
            return try await renderNews(req, form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
        case .failure(let other): throw other
        case .success(let form):
            try await UnderminingStore.publish(form, by: user, app: req.application)
            req.flash(req.t("ondermijning.news_published"))
            return req.redirect(to: UnderminingURL.news)
        }
    }

    // MARK: Reporting and following up

    func reportForm(req: Request) async throws -> Response {
        var values: [String: String] = [:]
        if let code = req.query[String.self, at: "gemeente"] { values["gemeente"] = String(code.prefix(10)) }
        return try await renderReportForm(req, form: FormState(req, values: values))
    }

    private func renderReportForm(_ req: Request, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        req.wantsForm = true
        let municipalities = try await UnderminingStore.municipalitiesTakingReports(on: req.db)
        let response = try await req.render(
            "resilience/report", title: req.t("ondermijning.report_title"),
            UnderminingPages.reportForm(municipalities, form: form, req: req),
            hasErrors: form.hasErrors, status: status)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func report(req: Request) async throws -> Response {
        let values = req.formValues(SignalReport.fieldNames + ["gemeente"])
        do {
            let municipalities = try await UnderminingStore.municipalitiesTakingReports(on: req.db)
            let municipality = municipalities.first { $0.code == values["gemeente"] }
            var errors: [FieldError] = []
            if municipality == nil { errors.append(FieldError(field: "gemeente", message: "ondermijning.error.municipality")) }
            let report: SignalReport?
            switch SignalReport.read(values) {
            case .success(let read): report = read
            case .failure(.fields(let more)):
                errors += more
                report = nil
            case .failure(let other): throw other
            }
            guard errors.isEmpty, let municipality, let report else { throw StoreFailure.fields(errors) }
            let code = try await UnderminingStore.report(report, to: municipality, app: req.application)
            let response = try await req.render(
                "resilience/report", title: req.t("ondermijning.reported_title"),
                UnderminingPages.reported(code: code, municipality: municipality, req: req))
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        } catch StoreFailure.fields(let errors) {
            return try await renderReportForm(req, form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
        }
    }

    func followUpForm(req: Request) async throws -> Response {
        req.wantsForm = true
        return try await req.render(
            "resilience/follow_up", title: req.t("ondermijning.follow_up_title"),
            UnderminingPages.followUp(nil, form: FormState(req), req: req))
    }

    /// The code is posted, never put in an address, so it stays out of logs and browser history.
    func followUp(req: Request) async throws -> Response {
        req.wantsForm = true
        let values = req.formValues(["code"])
        do {
            let found = try await UnderminingStore.followUp(values["code"] ?? "", from: req.clientAddress, app: req.application)
            let response = try await req.render(
                "resilience/follow_up", title: req.t("ondermijning.follow_up_title"),
                UnderminingPages.followUp(found, form: FormState(req), req: req))
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        } catch StoreFailure.fields(let errors) {
            let form = FormState(req, values: values, errors: errors)
            return try await req.render(
                "resilience/follow_up", title: req.t("ondermijning.follow_up_title"), UnderminingPages.followUp(nil, form: form, req: req),
                hasErrors: true,
                status: errors.contains { $0.message == "ondermijning.error.code_limit" } ? .tooManyRequests : .notFound)
        }
    }

    // MARK: The municipality's desk

    func desk(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .seeNonPublic)
        return try await renderDesk(req, municipality: municipality, user: user, form: FormState(req))
    }

    private func renderDesk(_ req: Request, municipality: Municipality, user: CurrentUser, form: FormState, status: HTTPStatus = .ok)
        async throws -> Response
    {
        let canSet = Access.allows(user.memberships, .setSignalContact, municipality: municipality.code)
        req.wantsForm = canSet
        let contact = try await UnderminingStore.contact(of: municipality.code, on: req.db)
        let reports =
            contact?.id == user.id ? try await UnderminingStore.reports(of: municipality.code, for: user, app: req.application) : nil
        let context = UnderminingPages.desk(
            municipality: municipality, contact: contact, reports: reports, canSet: canSet, form: form, req: req)
        let response = try await req.render(
            "resilience/desk", title: req.t("ondermijning.desk_title", municipality.name), context, hasErrors: form.hasErrors,
            status: status)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func setContact(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .setSignalContact, refusal: "ondermijning.error.contact_forbidden")
        let values = req.formValues(["contactEmail"])
        do {
            try await UnderminingStore.setContact(
                email: values["contactEmail"] ?? "", municipality: municipality, by: user, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderDesk(
                req, municipality: municipality, user: user, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        }
        req.flash(req.t("ondermijning.contact_set"))
        return req.redirect(to: UnderminingURL.desk(.value(municipality.code)))
    }

    func showReport(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .seeNonPublic)
        let opened = try await UnderminingStore.read(
            req.parameters.get("reportID").flatMap(UUID.init(uuidString:)), of: municipality.code, by: user, app: req.application)
        let values = ["status": opened.record.status.rawValue, "reply": opened.reply ?? "", "version": String(opened.record.version)]
        return try await renderReport(req, municipality: municipality, opened: opened, form: FormState(req, values: values))
    }

    private func renderReport(
        _ req: Request, municipality: Municipality, opened: UnderminingStore.Opened, form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        let context = UnderminingPages.report(opened, municipality: municipality, form: form, req: req)
        let response = try await req.render(
            "resilience/signal_report", title: req.t("ondermijning.report_page_title", opened.record.reference), context,
            hasErrors: form.hasErrors, status: status)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func reply(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .seeNonPublic)
        let opened = try await UnderminingStore.read(
            req.parameters.get("reportID").flatMap(UUID.init(uuidString:)), of: municipality.code, by: user, app: req.application)
        let values = req.formValues(SignalReply.fieldNames)
        do {
            guard let seen = Validate.number(values["version"], in: 1...Int(Int32.max)) else {
                throw StoreFailure.fields([FieldError(field: "status", message: "error.form_tampered")])
            }
            switch SignalReply.read(values) {
            case .success(let reply): try await UnderminingStore.reply(reply, to: opened, seenVersion: seen, by: user, app: req.application)
            case .failure(let failure): throw failure
            }
        } catch StoreFailure.fields(let errors) {
            return try await renderReport(
                req, municipality: municipality, opened: opened, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            var kept = values
            kept["version"] = String(opened.record.version)
            return try await renderReport(
                req, municipality: municipality, opened: opened,
                form: FormState(req, values: kept, errors: [FieldError(field: "status", message: key)]),
                status: .conflict)
        }
        req.flash(req.t("ondermijning.reply_saved"))
        return req.redirect(to: UnderminingURL.report(.value(municipality.code), .value(try opened.record.requireID())))
    }
}
