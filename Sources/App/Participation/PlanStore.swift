import DemocracyKit
import Fluent
import Foundation
import Vapor

/// The participation plans of a municipality: saved from the advisor's mix, adjusted, and shared with the council,
/// whose members then read it and hear of it by email.
enum PlanStore {
    static func list(of code: String, on db: any Database) async throws -> [ParticipationPlanRecord] {
        try await ParticipationPlanRecord.query(on: db).filter(\.$municipalityCode == code).sort(\.$updatedAt, .descending)
            .sort(\.$title).all()
    }

    static func find(_ id: UUID?, of code: String, on db: any Database) async throws -> ParticipationPlanRecord {
        guard let id, let record = try await ParticipationPlanRecord.find(id, on: db), record.municipalityCode == code else {
            throw StoreFailure.notFound("plan.not_found")
        }
        return record
    }

    /// The priorities of the municipality's current verbeteragenda, which a plan may serve.
    static func agendaAreas(of code: String, on db: any Database) async throws -> [FocusArea] {
        try await AgendaStore.current(of: code, on: db)?.agenda.priorities.map(\.area) ?? []
    }

    /// The plans that serve each priority of the agenda, for the agenda's page; only those the reader may read.
    static func byAgendaArea(of code: String, readableBy memberships: [Membership], on db: any Database) async throws
        -> [FocusArea: [ParticipationPlanRecord]]
    {
        var found: [FocusArea: [ParticipationPlanRecord]] = [:]
        for record in try await list(of: code, on: db)
        where Access.allows(memberships, .readParticipationPlan(shared: record.isShared), municipality: code) {
            if let area = try? record.plan().agendaArea { found[area, default: []].append(record) }
        }
        return found
    }

    static func create(_ form: ParticipationPlanForm, of code: String, by user: CurrentUser, app: Application) async throws
        -> ParticipationPlanRecord
    {
        let plan = try form.plan(catalogue: app.participationMethods, agendaAreas: try await agendaAreas(of: code, on: app.db)).get()
        let now = app.clock.now()
        let record = ParticipationPlanRecord()
        record.municipalityCode = code
        record.title = plan.title
        record.content = try content(plan)
        record.version = 1
        record.createdAt = now
        record.updatedAt = now
        record.updatedBy = user.name
        try await record.create(on: app.db)
        return record
    }

    /// Saves the form over the plan, if nobody saved it since the person opened it (`seenVersion`). The priority it
    /// served may stay even when the agenda no longer has it.
    static func save(
        _ form: ParticipationPlanForm, to record: ParticipationPlanRecord, seenVersion: Int, by user: CurrentUser, app: Application
    ) async throws {
        var areas = try await agendaAreas(of: record.municipalityCode, on: app.db)
        if let previous = try? record.plan().agendaArea, !areas.contains(previous) { areas.append(previous) }
        let plan = try form.plan(catalogue: app.participationMethods, agendaAreas: areas).get()
        let written = try await app.db.updateAtVersion(
            ParticipationPlanRecord.schema, matching: [("id", try record.requireID())], seen: seenVersion,
            set: [("title", plan.title), ("content", try content(plan)), ("updated_at", app.clock.now()), ("updated_by", user.name)])
        guard written else { throw StoreFailure.conflict("plan.error.conflict") }
    }

    /// Shares the plan with the council: refused while its feedback to inhabitants or council is not complete
    /// (`PlanSharing`). Its council members hear of it.
    static func share(
        _ record: ParticipationPlanRecord, seenVersion: Int, municipality: Municipality, by user: CurrentUser, app: Application
    ) async throws {
        guard !record.isShared else { throw StoreFailure.conflict("plan.error.already_shared") }
        let problems = PlanSharing.problems(try record.plan())
        guard problems.isEmpty else {
            throw StoreFailure.fields(problems.map { FieldError(field: "terugkoppeling-\($0.audience.rawValue)", message: $0.message) })
        }
        try await app.db.transaction { db in
            let written = try await db.updateAtVersion(
                ParticipationPlanRecord.schema, matching: [("id", try record.requireID())], seen: seenVersion,
                set: [("shared_at", app.clock.now()), ("shared_by", user.name)], bumping: false)
            guard written else { throw StoreFailure.conflict("plan.error.conflict") }
            try await PlanMessages.shared(record, municipality: municipality, by: user, app: app, on: db)
        }
    }

    private static func content(_ plan: ParticipationPlan) throws -> String {
        String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
    }
}

/// The council members hear of a plan shared with them.
enum PlanMessages {
    static func shared(
        _ record: ParticipationPlanRecord, municipality: Municipality, by user: CurrentUser, app: Application, on db: any Database
    ) async throws {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        let url = PlanURL.show(.value(municipality.code), .value(try record.requireID())).absolute(app)
        let members = try await AccountStore.people(with: [.raadslid], in: municipality.code, on: db)
        for person in try await MailPreferences.keep(members, wanting: .scanNews, on: db) {
            let mail = Mail(
                kind: "plan.shared", to: person.email, language: .nl, subject: t("mail.plan_shared.subject", [municipality.name]),
                paragraphs: [
                    t("mail.greeting", [person.name]), t("mail.plan_shared.body", [user.name, record.title]),
                    t("mail.plan_shared.next", []),
                ],
                link: Letter.Link(label: t("mail.plan_shared.link", []), url: url), app: app)
            try await Outbox.send(mail, app: app, on: db)
        }
    }
}
