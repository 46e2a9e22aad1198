import DemocracyKit
import Fluent
import Vapor

/// The trajectory's timeline (for the municipality's people), the facilitator's marking of steps, and the
/// conversations the facilitator and the coordinator write down.
struct TrajectoryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequireSignIn())
        signedIn.get(TrajectoryURL.timeline(.key), use: timeline)
        signedIn.post(TrajectoryURL.markStep(.key), use: markStep)
        signedIn.get(TrajectoryURL.conversations(.key), use: conversations)
        signedIn.post(TrajectoryURL.conversations(.key), use: create)
        signedIn.get(TrajectoryURL.newConversation(.key), use: new)
        signedIn.get(TrajectoryURL.conversation(.key, .key), use: edit)
        signedIn.post(TrajectoryURL.conversation(.key, .key), use: update)
    }

    func timeline(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .seeNonPublic)
        return try await renderTimeline(
            req, municipality: municipality, user: user, form: FormState(req, values: ["day": Format.day(req.application.clock.now())]))
    }

    private func renderTimeline(_ req: Request, municipality: Municipality, user: CurrentUser, form: FormState, status: HTTPStatus = .ok)
        async throws -> Response
    {
        req.wantsForm = true
        let app = req.application
        // Steps, effect and standing are the same for everyone who may see them until something they show
        // changes: made once per revision and language; the links and the form around them are the person's.
        let key = "\(municipality.code)|\(try await TrajectoryStore.revision(of: municipality.code, on: req.db))|\(req.language.rawValue)"
        let rendered = try await app.trajectoryPages.value(key) {
            let state = try await TrajectoryStore.state(of: municipality.code, on: app.db)
            let body = TrajectoryPages.TimelineBody(
                steps: TrajectoryPages.steps(state, req: req), effect: try await effect(req, municipality: municipality, state: state))
            let html = String(buffer: try await req.leaf.render("trajectory/timeline_body", ReportController.Body(c: body)).data)
            let (standing, next) = TrajectoryPages.standing(state, req: req)
            return TrajectoryPages.RenderedTimeline(html: html, standing: standing, next: next, current: state.current)
        }
        let context = TrajectoryPages.timeline(rendered, municipality: municipality, user: user, form: form, req: req)
        return try await req.render(
            "trajectory/timeline", title: req.t("trajectory.title", municipality.name), context, hasErrors: form.hasErrors, status: status)
    }

    /// Once a scan closed after the improvement agenda was sent: what changed against the report before it, next
    /// to the agenda's priorities and the offers carried out in between.
    private func effect(_ req: Request, municipality: Municipality, state: TrajectoryState) async throws -> TrajectoryPages.EffectContext? {
        guard let agendaDay = state.reached[.verbeteragenda]?.day else { return nil }
        let reports = try await ConversationStore.reports(of: municipality.code, on: req.application.db).filter { $0.closedOn != nil }
        guard let repeatScan = reports.first(where: { $0.closedOn! > agendaDay }),
            let baselineScan = reports.first(where: { $0.closedOn! <= agendaDay })
        else { return nil }
        // Both reports stay the same until a report version changes, so the comparison is kept by those versions.
        let key = "\(try baselineScan.requireID()).\(baselineScan.reportVersion)|\(try repeatScan.requireID()).\(repeatScan.reportVersion)"
        let app = req.application
        let rows = try await app.trajectoryEffects.value(key) {
            // On different versions of the question bank, both are measured on the statements they share.
            let (current, baseline) = try await ScanReports.data(for: repeatScan, app: app, on: app.db)
                .comparable(with: ScanReports.data(for: baselineScan, app: app, on: app.db))
            return Effect.compare(baseline: ReportBuilder.build(baseline), repeat: ReportBuilder.build(current))
        }
        let agenda = try await AgendaStore.versions(of: municipality.code, on: req.application.db).first { $0.sentAt != nil }?.agendaValue
        let carriedOut = try await RequestStore.list(
            municipality: municipality.code, statuses: [.uitgevoerd, .geevalueerd], app: req.application, on: req.application.db
        ).filter {
            Format.day($0.createdAt) >= baselineScan.closedOn!
                && Format.day($0.createdAt) <= repeatScan.closedOn!
        }
        return TrajectoryPages.effect(
            rows, bank: try req.application.questionBanks.bank(repeatScan.bankVersion), baseline: baselineScan, repeatScan: repeatScan,
            agenda: agenda, carriedOut: carriedOut,
            municipality: municipality, req: req)
    }

    func markStep(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .markTrajectoryStep, refusal: "trajectory.error.forbidden")
        let values = req.formValues(["step", "day"])
        guard let number = Validate.number(values["step"], in: 1...TrajectoryStep.allCases.count),
            let step = TrajectoryStep(rawValue: number)
        else { throw StoreFailure.fields([FieldError(field: "step", message: "error.form_tampered")]) }
        do {
            try await TrajectoryStore.mark(step, of: municipality.code, on: values["day"] ?? "", by: user, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderTimeline(
                req, municipality: municipality, user: user, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        }
        req.flash(req.t("trajectory.marked", step.name(req.language)))
        return req.redirect(to: TrajectoryURL.timeline(.value(municipality.code)))
    }

    func conversations(req: Request) async throws -> Response {
        let (municipality, _) = try await req.municipality(for: .keepConversations, refusal: "conversation.error.forbidden")
        let list = try await ConversationStore.list(of: municipality.code, on: req.db)
        let context = TrajectoryPages.conversations(list, municipality: municipality, req: req)
        return try await req.render("trajectory/conversations", title: req.t("conversation.list_title", municipality.name), context)
    }

    func new(req: Request) async throws -> Response {
        let (municipality, _) = try await req.municipality(for: .keepConversations, refusal: "conversation.error.forbidden")
        let reports = try await ConversationStore.reports(of: municipality.code, on: req.application.db)
        let kind = req.query[String.self, at: "soort"].flatMap(ConversationKind.init(rawValue:)) ?? .verdiepingsgesprek
        let values = [
            "kind": kind.rawValue, "heldOn": Format.day(req.application.clock.now()),
            "scanID": reports.first?.id?.uuidString ?? "",
        ]
        return try await renderForm(req, municipality: municipality, form: FormState(req, values: values), conversation: nil)
    }

    func create(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .keepConversations, refusal: "conversation.error.forbidden")
        let values = req.formValues(TrajectoryPages.conversationFields)
        do {
            let id = try await ConversationStore.save(
                TrajectoryPages.draft(values), id: nil, seenVersion: nil, scanID: values["scanID"].flatMap(UUID.init(uuidString:)),
                of: municipality.code, by: user, app: req.application)
            req.flash(req.t("conversation.saved"))
            return req.redirect(to: TrajectoryURL.conversation(.value(municipality.code), .value(id)))
        } catch StoreFailure.fields(let errors) {
            return try await renderForm(
                req, municipality: municipality, form: FormState(req, values: values, errors: errors), conversation: nil,
                status: .unprocessableEntity)
        }
    }

    func edit(req: Request) async throws -> Response {
        let (municipality, _) = try await req.municipality(for: .keepConversations, refusal: "conversation.error.forbidden")
        let conversation = try await ConversationStore.require(
            req.parameters.get("conversationID").flatMap(UUID.init(uuidString:)), of: municipality.code, on: req.db)
        return try await renderForm(
            req, municipality: municipality, form: FormState(req, values: TrajectoryPages.values(of: conversation)),
            conversation: conversation)
    }

    func update(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .keepConversations, refusal: "conversation.error.forbidden")
        let conversation = try await ConversationStore.require(
            req.parameters.get("conversationID").flatMap(UUID.init(uuidString:)), of: municipality.code, on: req.db)
        var values = req.formValues(TrajectoryPages.conversationFields + ["version"])
        guard let version = Validate.number(values["version"], in: 1...Int(Int32.max)) else {
            throw StoreFailure.fields([FieldError(field: "version", message: "error.form_tampered")])
        }
        let id = try conversation.requireID()
        do {
            try await ConversationStore.save(
                TrajectoryPages.draft(values), id: id, seenVersion: version, scanID: values["scanID"].flatMap(UUID.init(uuidString:)),
                of: municipality.code, by: user, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderForm(
                req, municipality: municipality, form: FormState(req, values: values, errors: errors), conversation: conversation,
                status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            // Someone saved meanwhile: the person's text stays, the other version is shown beside it.
            let current = try await ConversationStore.require(id, of: municipality.code, on: req.db)
            values["version"] = String(current.version)
            return try await renderForm(
                req, municipality: municipality, form: FormState(req, values: values, errors: [FieldError(field: "version", message: key)]),
                conversation: current, other: current, status: .conflict)
        }
        req.flash(req.t("conversation.saved"))
        return req.redirect(to: TrajectoryURL.conversation(.value(municipality.code), .value(id)))
    }

    private func renderForm(
        _ req: Request, municipality: Municipality, form: FormState, conversation: Conversation?, other: Conversation? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        let reports = try await ConversationStore.reports(of: municipality.code, on: req.application.db)
        var context = TrajectoryPages.form(
            form, municipality: municipality, conversation: conversation, other: other, reports: reports, req: req)
        // A verdiepingsgesprek discusses a report: the offers that fit it are at hand.
        if form.values["kind"] == ConversationKind.verdiepingsgesprek.rawValue,
            let scan = reports.first(where: { $0.id?.uuidString == form.values["scanID"] })
        {
            let data = try await ScanReports.data(for: scan, app: req.application, on: req.db)
            context.suggestions = try await CatalogueStore.recommendations(
                for: ReportBuilder.build(data), bank: data.bank, municipality: municipality.code, app: req.application, on: req.db
            ).map {
                AgendaPages.Suggestion(
                    title: $0.offer.title(req.language), url: CatalogueURL.show(.value($0.offer.slug)).path, reason: $0.reason(req.language)
                )
            }
        }
        let title = conversation == nil ? req.t("conversation.new_title") : req.t("conversation.edit_title")
        return try await req.render("trajectory/conversation", title: title, context, hasErrors: form.hasErrors, status: status)
    }
}
