import DemocracyKit
import Fluent
import Vapor

/// The improvement agenda: the municipality's people read it, the coordinator and facilitator write it and send
/// it to the servicepunt, programme staff see the agendas sent.
struct AgendaController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequireSignIn())
        signedIn.get(TrajectoryURL.agenda(.key), use: show)
        signedIn.get(TrajectoryURL.editAgenda(.key), use: edit)
        signedIn.post(TrajectoryURL.editAgenda(.key), use: update)
        signedIn.post(TrajectoryURL.sendAgenda(.key), use: send)
        signedIn.get(TrajectoryURL.agendaVersion(.key, .key), use: version)
        routes.grouped(RequireSignIn(), RequireProgrammeStaff()).get(TrajectoryURL.staffAgendas, use: staffIndex)
    }

    /// The latest report of the municipality, which the agenda's numbers and suggestions come from.
    private func basis(_ req: Request, municipality: Municipality) async throws -> AgendaPages.Basis? {
        guard let scan = try await ConversationStore.reports(of: municipality.code, on: req.db).first else { return nil }
        let data = try await ScanReports.data(for: scan, app: req.application, on: req.db)
        return AgendaPages.Basis(
            title: scan.title, url: ScanURL.report(.value(municipality.code), .value(try scan.requireID())).path,
            report: ReportBuilder.build(data), bank: data.bank)
    }

    func show(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .seeNonPublic)
        return try await renderShow(req, municipality: municipality, user: user, errors: nil)
    }

    private func renderShow(
        _ req: Request, municipality: Municipality, user: CurrentUser, errors: [ErrorSummaryItem]?, status: HTTPStatus = .ok
    )
        async throws -> Response
    {
        let current = try await AgendaStore.current(of: municipality.code, on: req.db)
        let versions = try await AgendaStore.versions(of: municipality.code, on: req.db)
        let context = AgendaPages.show(
            current, versions: versions, basis: try await basis(req, municipality: municipality), municipality: municipality,
            canEdit: Access.allows(user.memberships, .keepConversations, municipality: municipality.code),
            plans: try await PlanStore.byAgendaArea(of: municipality.code, readableBy: user.memberships, on: req.db), errors: errors,
            req: req)
        return try await req.render(
            "trajectory/agenda", title: req.t("agenda.title", municipality.name), context, hasErrors: errors != nil, status: status)
    }

    func edit(req: Request) async throws -> Response {
        let (municipality, _) = try await req.municipality(for: .keepConversations, refusal: "agenda.error.forbidden")
        let current = try await AgendaStore.current(of: municipality.code, on: req.db)
        var values = current.map { AgendaPages.values(of: $0.agenda) } ?? [:]
        values["version"] = String(current?.version ?? 0)
        return try await renderForm(req, municipality: municipality, form: FormState(req, values: values))
    }

    func update(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .keepConversations, refusal: "agenda.error.forbidden")
        var values = req.formValues(AgendaPages.fieldNames + ["version"])
        guard let seen = Validate.number(values["version"], in: 0...Int(Int32.max)) else {
            throw StoreFailure.fields([FieldError(field: "version", message: "error.form_tampered")])
        }
        do {
            try await AgendaStore.save(
                AgendaPages.form(from: values), seenVersion: seen, of: municipality.code, by: user, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderForm(
                req, municipality: municipality, form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            // Someone saved meanwhile: the person's text stays; what the other changed is listed above it.
            let versions = try await AgendaStore.versions(of: municipality.code, on: req.db)
            let started = versions.first { $0.number == seen }?.agendaValue ?? Agenda(priorities: [])
            let latest = versions.first
            values["version"] = String(latest?.number ?? 0)
            let changes = latest?.agendaValue.map { AgendaChange.between(started, $0) } ?? []
            return try await renderForm(
                req, municipality: municipality, form: FormState(req, values: values, errors: [FieldError(field: "version", message: key)]),
                otherChanges: changes, status: .conflict)
        }
        req.flash(req.t("agenda.saved"))
        return req.redirect(to: TrajectoryURL.agenda(.value(municipality.code)))
    }

    private func renderForm(
        _ req: Request, municipality: Municipality, form: FormState, otherChanges: [AgendaChange]? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        let basis = try await basis(req, municipality: municipality)
        var suggestions: [Recommendation] = []
        if let basis {
            suggestions = try await CatalogueStore.recommendations(
                for: basis.report, bank: basis.bank, municipality: municipality.code, app: req.application, on: req.db)
        }
        let context = AgendaPages.form(
            form, municipality: municipality, basis: basis, suggestions: suggestions, otherChanges: otherChanges, req: req)
        return try await req.render(
            "trajectory/agenda_form", title: req.t("agenda.edit_title"), context, hasErrors: form.hasErrors, status: status)
    }

    func send(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .keepConversations, refusal: "agenda.error.forbidden")
        guard let seen = Validate.number(req.formValues(["version"])["version"], in: 1...Int(Int32.max)) else {
            throw StoreFailure.fields([FieldError(field: "version", message: "error.form_tampered")])
        }
        do {
            try await AgendaStore.send(
                seenVersion: seen, of: municipality.code, municipality: municipality.name, by: user, app: req.application)
        } catch StoreFailure.conflict(let key) {
            let error = ErrorSummaryItem(fieldID: "versturen", message: req.t(key))
            return try await renderShow(req, municipality: municipality, user: user, errors: [error], status: .conflict)
        }
        req.flash(req.t("agenda.sent"))
        return req.redirect(to: TrajectoryURL.agenda(.value(municipality.code)))
    }

    func version(req: Request) async throws -> Response {
        let (municipality, _) = try await req.municipality(for: .seeNonPublic)
        let versions = try await AgendaStore.versions(of: municipality.code, on: req.db)
        guard let number = Validate.number(req.parameters.get("number"), in: 1...Int(Int32.max)),
            let version = versions.first(where: { $0.number == number })
        else { throw StoreFailure.notFound("agenda.not_found") }
        let context = AgendaPages.version(
            version, previous: versions.first { $0.number == number - 1 }, municipality: municipality, req: req)
        return try await req.render(
            "trajectory/agenda_version", title: req.t("agenda.version_title", String(number), municipality.name), context)
    }

    func staffIndex(req: Request) async throws -> Response {
        let records = try await AgendaRecord.query(on: req.db).filter(\.$sentVersion != nil).sort(\.$updatedAt, .descending).all()
        let names = try await MunicipalityQueries.names(of: Set(records.map(\.municipalityCode)), on: req.db)
        let sentVersions = try await AgendaVersion.query(on: req.db).filter(\.$agenda.$id ~~ records.compactMap(\.id))
            .filter(\.$sentAt != nil).all()
        let rows = records.compactMap { record -> AgendaPages.StaffRow? in
            guard let number = record.sentVersion,
                let sent = sentVersions.first(where: { $0.$agenda.id == record.id && $0.number == number })
            else { return nil }
            return AgendaPages.StaffRow(
                municipality: names[record.municipalityCode] ?? record.municipalityCode,
                url: TrajectoryURL.agenda(.value(record.municipalityCode)).path, version: number,
                sent: sent.sentAt.map { Format.date($0, req.language) } ?? "",
                priorities: (sent.agendaValue?.priorities ?? []).map { $0.area.name(req.language) }.joined(separator: ", "))
        }
        return try await req.render("trajectory/staff_agendas", title: req.t("agenda.staff_title"), AgendaPages.StaffContext(rows: rows))
    }
}
