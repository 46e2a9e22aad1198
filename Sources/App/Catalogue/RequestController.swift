import DemocracyKit
import Fluent
import Vapor

/// Requests for offers: a municipality's coordinator or facilitator requests, follows, withdraws and evaluates;
/// programme staff take them on, grant or refuse, plan and mark them done.
struct RequestController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequireSignIn())
        signedIn.get(RequestURL.list(.key), use: index)
        signedIn.post(RequestURL.list(.key), use: create)
        signedIn.get(RequestURL.new(.key), use: new)
        signedIn.get(RequestURL.show(.key, .key), use: show)
        signedIn.post(RequestURL.act(.key, .key), use: act)
        let staff = routes.grouped(RequireSignIn(), RequireProgrammeStaff())
        staff.get(RequestURL.staffList, use: staffIndex)
        staff.get(RequestURL.staffShow(.key), use: staffShow)
        staff.post(RequestURL.staffAct(.key), use: staffAct)
    }

    private func requester(_ req: Request) async throws -> (Municipality, CurrentUser) {
        try await req.municipality(for: .requestOffers, refusal: "request.error.forbidden")
    }

    func index(req: Request) async throws -> Response {
        let (municipality, _) = try await requester(req)
        let items = try await RequestStore.list(municipality: municipality.code, app: req.application, on: req.db)
        let context = RequestPages.list(items, municipality: municipality, req: req)
        return try await req.render("catalogue/requests", title: req.t("request.list_title", municipality.name), context)
    }

    func new(req: Request) async throws -> Response {
        let (municipality, _) = try await requester(req)
        let values = ["offer": req.query[String.self, at: "aanbod"] ?? ""]
        return try await renderForm(req, municipality: municipality, form: FormState(req, values: values))
    }

    func create(req: Request) async throws -> Response {
        let (municipality, user) = try await requester(req)
        let values = req.formValues(["offer", "motivation", "serves"])
        do {
            // With an improvement agenda, the request names one of its points (or none), as the form offers them.
            let items = RequestPages.agendaItems(
                try await AgendaStore.current(of: municipality.code, on: req.db)?.agenda, language: req.language)
            if !items.isEmpty, let serves = values["serves"], !serves.isEmpty, !items.contains(serves) {
                throw StoreFailure.fields([FieldError(field: "serves", message: "request.error.serves")])
            }
            let id = try await RequestStore.create(
                municipality: municipality, offerSlug: values["offer"]!, motivation: values["motivation"]!, serves: values["serves"]!,
                by: user, app: req.application)
            req.flash(req.t("request.submitted"))
            return req.redirect(to: RequestURL.show(.value(municipality.code), .value(id)))
        } catch StoreFailure.fields(let errors) {
            return try await renderForm(
                req, municipality: municipality, form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
        }
    }

    private func renderForm(_ req: Request, municipality: Municipality, form: FormState, status: HTTPStatus = .ok) async throws -> Response
    {
        req.wantsForm = true
        let (catalogue, _) = try await CatalogueStore.catalogue(app: req.application, on: req.db)
        let agenda = try await AgendaStore.current(of: municipality.code, on: req.db)?.agenda
        let context = RequestPages.form(
            form, municipality: municipality, offers: catalogue.offers.filter(\.status.isAvailable),
            agendaItems: RequestPages.agendaItems(agenda, language: req.language), req: req)
        return try await req.render(
            "catalogue/request_form", title: req.t("request.new_title"), context, hasErrors: form.hasErrors, status: status)
    }

    func show(req: Request) async throws -> Response {
        let (municipality, _) = try await requester(req)
        let item = try await RequestStore.require(
            req.parameters.get("requestID").flatMap(UUID.init(uuidString:)), municipality: municipality.code, app: req.application,
            on: req.db)
        return try await renderShow(req, item: item, municipality: municipality, actor: .municipality, form: FormState(req))
    }

    func act(req: Request) async throws -> Response {
        let (municipality, user) = try await requester(req)
        let item = try await RequestStore.require(
            req.parameters.get("requestID").flatMap(UUID.init(uuidString:)), municipality: municipality.code, app: req.application,
            on: req.db)
        return try await perform(req, item: item, municipality: municipality, user: user, actor: .municipality)
    }

    func staffIndex(req: Request) async throws -> Response {
        let chosen = req.query[String.self, at: "status"].flatMap(RequestStatus.init(rawValue:))
        let statuses = chosen.map { [$0] } ?? RequestStatus.allCases.filter(\.isOpen)
        let items = try await RequestStore.list(statuses: statuses, app: req.application, on: req.db)
        let names = try await MunicipalityQueries.names(of: Set(items.map(\.municipalityCode)), on: req.db)
        let context = RequestPages.staffList(items, names: names, chosen: chosen, req: req)
        return try await req.render("catalogue/staff_requests", title: req.t("request.staff_title"), context)
    }

    func staffShow(req: Request) async throws -> Response {
        let item = try await RequestStore.require(
            req.parameters.get("requestID").flatMap(UUID.init(uuidString:)), municipality: nil, app: req.application, on: req.db)
        let municipality = try await MunicipalityQueries.require(code: item.municipalityCode, on: req.db)
        return try await renderShow(req, item: item, municipality: municipality, actor: .programme, form: FormState(req))
    }

    func staffAct(req: Request) async throws -> Response {
        let item = try await RequestStore.require(
            req.parameters.get("requestID").flatMap(UUID.init(uuidString:)), municipality: nil, app: req.application, on: req.db)
        let municipality = try await MunicipalityQueries.require(code: item.municipalityCode, on: req.db)
        return try await perform(req, item: item, municipality: municipality, user: try req.requireUser(), actor: .programme)
    }

    /// Reads the chosen change from the form and asks the workflow; a refusal comes back on the same page.
    private func perform(
        _ req: Request, item: RequestStore.Item, municipality: Municipality, user: CurrentUser, actor: RequestActor
    ) async throws -> Response {
        let values = req.formValues(["action", "version", "reason", "plannedOn", "rating", "lessons"])
        guard let version = Validate.number(values["version"], in: 1...Int(Int32.max)),
            let action = RequestPages.action(from: values)
        else {
            throw StoreFailure.fields([FieldError(field: "action", message: "error.form_tampered")])
        }
        do {
            try await RequestStore.act(action, on: item, seenVersion: version, by: user, as: actor, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderShow(
                req, item: item, municipality: municipality, actor: actor, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            let current = try await RequestStore.require(item.id, municipality: nil, app: req.application, on: req.db)
            let form = FormState(req, values: values, errors: [FieldError(field: "action", message: key)])
            return try await renderShow(req, item: current, municipality: municipality, actor: actor, form: form, status: .conflict)
        }
        req.flash(req.t("request.saved"))
        return req.redirect(
            to: actor == .programme
                ? RequestURL.staffShow(.value(item.id)).path : RequestURL.show(.value(municipality.code), .value(item.id)).path)
    }

    private func renderShow(
        _ req: Request, item: RequestStore.Item, municipality: Municipality, actor: RequestActor, form: FormState,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        let history = try await RequestStore.history(of: item.id, on: req.db)
        let context = RequestPages.show(item, municipality: municipality, history: history, actor: actor, form: form, req: req)
        let title = req.t("request.title", item.offer?.title(req.language) ?? item.offerSlug)
        return try await req.render("catalogue/request", title: title, context, hasErrors: form.hasErrors, status: status)
    }
}
