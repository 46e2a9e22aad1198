import DemocracyKit
import Fluent
import Vapor

/// Participation plans (docs/participation.md): the coordinator or facilitator saves the advisor's mix as a plan,
/// adjusts it, writes how the results go back, links it to the verbeteragenda and shares it with the council;
/// council members read the plans shared with them. The plan's page prints as a document.
struct PlanController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequireSignIn())
        signedIn.get(PlanURL.index(.key), use: index)
        signedIn.get(PlanURL.new(.key), use: new)
        signedIn.post(PlanURL.new(.key), use: create)
        signedIn.get(PlanURL.show(.key, .key), use: show)
        signedIn.get(PlanURL.edit(.key, .key), use: edit)
        signedIn.post(PlanURL.edit(.key, .key), use: update)
        signedIn.post(PlanURL.share(.key, .key), use: share)
    }

    /// The plan of the path, if this person may read it (`Access.Action.readParticipationPlan`).
    private func plan(_ req: Request, for action: Access.Action? = nil) async throws -> (Municipality, CurrentUser, ParticipationPlanRecord)
    {
        let (municipality, user) = try await req.municipality(for: action ?? .seeNonPublic, refusal: "plan.error.forbidden")
        let record = try await PlanStore.find(
            req.parameters.get("planID").flatMap(UUID.init(uuidString:)), of: municipality.code, on: req.db)
        guard Access.allows(user.memberships, .readParticipationPlan(shared: record.isShared), municipality: municipality.code) else {
            throw StoreFailure.notAllowed("plan.error.not_shared")
        }
        return (municipality, user, record)
    }

    func index(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .seeNonPublic)
        let records = try await PlanStore.list(of: municipality.code, on: req.db).filter {
            Access.allows(user.memberships, .readParticipationPlan(shared: $0.isShared), municipality: municipality.code)
        }
        let canWrite = Access.allows(user.memberships, .planParticipation, municipality: municipality.code)
        let context = PlanPages.index(records, municipality: municipality, canWrite: canWrite, req: req)
        return try await req.render("participation/plans", title: req.t("plan.index_title", municipality.name), context)
    }

    /// The form; with the advisor's question in the address (its "Maak er een plan van" link), filled in with the
    /// question and the advised mix.
    func new(req: Request) async throws -> Response {
        let (municipality, _) = try await req.municipality(for: .planParticipation, refusal: "plan.error.forbidden")
        var form = FormState(req)
        let values = Dictionary(
            uniqueKeysWithValues: ParticipationPlanForm.questionFields.map {
                ($0, String((req.query[String.self, at: $0] ?? "").prefix(1_000)))
            })
        let groups = Array((req.query[[String].self, at: "groups"] ?? []).prefix(ParticipantGroup.allCases.count + 1))
        if let question = try? AdvisorQuestion.read(values, groups: groups) {
            let advice = ParticipationAdvisor.advise(question, methods: req.application.participationMethods.methods)
            let filled = ParticipationPlanForm.values(
                of: ParticipationPlan.from(advice: advice, for: question, language: req.language))
            form = FormState(req, values: filled.values.merging(["groups": filled.groups.joined(separator: ",")]) { $1 })
        }
        return try await renderForm(req, municipality: municipality, record: nil, form: form)
    }

    func create(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .planParticipation, refusal: "plan.error.forbidden")
        let (form, values) = submitted(req)
        do {
            let record = try await PlanStore.create(form, of: municipality.code, by: user, app: req.application)
            req.flash(req.t("plan.saved"))
            return req.redirect(to: PlanURL.show(.value(municipality.code), .value(try record.requireID())))
        } catch StoreFailure.fields(let errors) {
            return try await renderForm(
                req, municipality: municipality, record: nil, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        }
    }

    func show(req: Request) async throws -> Response {
        let (municipality, user, record) = try await plan(req)
        return try await renderShow(req, municipality: municipality, user: user, record: record, errors: nil)
    }

    private func renderShow(
        _ req: Request, municipality: Municipality, user: CurrentUser, record: ParticipationPlanRecord, errors: [ErrorSummaryItem]?,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let canWrite = Access.allows(user.memberships, .planParticipation, municipality: municipality.code)
        let context = try PlanPages.show(
            record, municipality: municipality, catalogue: req.application.participationMethods, canWrite: canWrite, errors: errors,
            req: req)
        return try await req.render("participation/plan", title: record.title, context, hasErrors: errors != nil, status: status)
    }

    func edit(req: Request) async throws -> Response {
        let (municipality, _, record) = try await plan(req, for: .planParticipation)
        let filled = ParticipationPlanForm.values(of: try record.plan())
        var values = filled.values
        values["groups"] = filled.groups.joined(separator: ",")
        values["version"] = String(record.version)
        return try await renderForm(req, municipality: municipality, record: record, form: FormState(req, values: values))
    }

    func update(req: Request) async throws -> Response {
        let (municipality, user, record) = try await plan(req, for: .planParticipation)
        let (form, values) = submitted(req)
        guard let seen = Validate.number(values["version"], in: 1...Int(Int32.max)) else {
            throw StoreFailure.fields([FieldError(field: "version", message: "error.form_tampered")])
        }
        do {
            try await PlanStore.save(form, to: record, seenVersion: seen, by: user, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderForm(
                req, municipality: municipality, record: record, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            // Someone saved meanwhile: what this person typed stays on the form, with the newer version to save over.
            var kept = values
            kept["version"] = String(try await PlanStore.find(record.id, of: municipality.code, on: req.db).version)
            return try await renderForm(
                req, municipality: municipality, record: record,
                form: FormState(req, values: kept, errors: [FieldError(field: "project", message: key)]), status: .conflict)
        }
        req.flash(req.t("plan.saved"))
        return req.redirect(to: PlanURL.show(.value(municipality.code), .value(try record.requireID())))
    }

    func share(req: Request) async throws -> Response {
        let (municipality, user, record) = try await plan(req, for: .planParticipation)
        guard let seen = Validate.number(req.formValues(["version"])["version"], in: 1...Int(Int32.max)) else {
            throw StoreFailure.fields([FieldError(field: "version", message: "error.form_tampered")])
        }
        do {
            try await PlanStore.share(record, seenVersion: seen, municipality: municipality, by: user, app: req.application)
        } catch StoreFailure.fields(let errors) {
            let items = errors.map { ErrorSummaryItem(fieldID: $0.field, message: req.message(for: $0)) }
            return try await renderShow(
                req, municipality: municipality, user: user, record: record, errors: items, status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            let items = [ErrorSummaryItem(fieldID: "delen", message: req.t(key))]
            let latest = try await PlanStore.find(record.id, of: municipality.code, on: req.db)
            return try await renderShow(req, municipality: municipality, user: user, record: latest, errors: items, status: .conflict)
        }
        req.flash(req.t("plan.shared_done"))
        return req.redirect(to: PlanURL.show(.value(municipality.code), .value(try record.requireID())))
    }

    /// The form as sent, and its values to show again after an error.
    private func submitted(_ req: Request) -> (ParticipationPlanForm, [String: String]) {
        var values = req.formValues(ParticipationPlanForm.fieldNames + ["version"])
        let groups = Array(req.formList("groups").prefix(ParticipantGroup.allCases.count + 1))
        let form = ParticipationPlanForm(values: values, groups: groups)
        values["groups"] = groups.joined(separator: ",")
        return (form, values)
    }

    private func renderForm(
        _ req: Request, municipality: Municipality, record: ParticipationPlanRecord?, form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        var areas = try await PlanStore.agendaAreas(of: municipality.code, on: req.db)
        if let previous = try record?.plan().agendaArea, !areas.contains(previous) { areas.append(previous) }
        let context = try PlanPages.form(
            form, municipality: municipality, record: record, catalogue: req.application.participationMethods, agendaAreas: areas, req: req)
        let title = record == nil ? req.t("plan.new_title") : req.t("plan.edit_title", record?.title ?? "")
        return try await req.render("participation/plan_form", title: title, context, hasErrors: form.hasErrors, status: status)
    }
}
