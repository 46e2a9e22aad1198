import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// The improvement agendas: every save is a new version, kept; sending one to the servicepunt lets programme
/// staff see it and completes the trajectory's step.
enum AgendaStore {
    struct Current: Sendable {
        let version: Int
        let sentVersion: Int?
        let agenda: Agenda
        let savedAt: Date
        let savedBy: String
    }

    static func current(of code: String, on db: any Database) async throws -> Current? {
        guard let record = try await AgendaRecord.query(on: db).filter(\.$municipalityCode == code).first(),
            let latest = try await AgendaVersion.query(on: db).filter(\.$agenda.$id == record.requireID())
                .filter(\.$number == record.version).first(),
            let agenda = latest.agendaValue
        else { return nil }
        return Current(
            version: record.version, sentVersion: record.sentVersion, agenda: agenda, savedAt: latest.savedAt, savedBy: latest.savedBy)
    }

    static func versions(of code: String, on db: any Database) async throws -> [AgendaVersion] {
        guard let record = try await AgendaRecord.query(on: db).filter(\.$municipalityCode == code).first() else { return [] }
        return try await AgendaVersion.query(on: db).filter(\.$agenda.$id == record.requireID()).sort(\.$number, .descending).all()
    }

    /// Saves the form as the next version, if the latest version is still the one the person started from
    /// (0: there was none).
    static func save(_ form: AgendaForm, seenVersion: Int, of code: String, by user: CurrentUser, app: Application) async throws {
        let now = app.clock.now()
        let previous = try await current(of: code, on: app.db)
        guard (previous?.version ?? 0) == seenVersion else { throw StoreFailure.conflict("agenda.error.conflict") }
        let agenda = try form.agenda(previous: previous?.agenda, today: Format.day(now)).get()
        let content = String(decoding: try JSONEncoder().encode(agenda), as: UTF8.self)
        try await app.db.transaction { db in
            let record: AgendaRecord
            if let existing = try await AgendaRecord.query(on: db).filter(\.$municipalityCode == code).first() {
                let written = try await db.updateAtVersion(
                    AgendaRecord.schema, matching: [("id", try existing.requireID())], seen: seenVersion, set: [("updated_at", now)])
                guard written else { throw StoreFailure.conflict("agenda.error.conflict") }
                record = existing
            } else {
                guard seenVersion == 0 else { throw StoreFailure.conflict("agenda.error.conflict") }
                record = AgendaRecord()
                record.municipalityCode = code
                record.version = 1
                record.updatedAt = now
                try await record.create(on: db)
            }
            let version = AgendaVersion()
            version.$agenda.id = try record.requireID()
            version.number = seenVersion + 1
            version.content = content
            version.savedAt = now
            version.savedBy = user.name
            try await version.create(on: db)
        }
    }

    /// Sends the latest version to the servicepunt: programme staff see it and hear of it, and the trajectory's
    /// step is done.
    static func send(seenVersion: Int, of code: String, municipality: String, by user: CurrentUser, app: Application) async throws {
        let now = app.clock.now()
        try await app.db.transaction { db in
            guard let record = try await AgendaRecord.query(on: db).filter(\.$municipalityCode == code).first() else {
                throw StoreFailure.conflict("agenda.error.nothing_to_send")
            }
            guard record.version == seenVersion else { throw StoreFailure.conflict("agenda.error.conflict") }
            guard record.sentVersion != record.version else { throw StoreFailure.conflict("agenda.error.already_sent") }
            let written = try await db.updateAtVersion(
                AgendaRecord.schema, matching: [("id", try record.requireID())], seen: seenVersion, set: [("sent_version", seenVersion)],
                bumping: false)
            guard written else { throw StoreFailure.conflict("agenda.error.conflict") }
            try await db.sql().update(AgendaVersion.schema).set("sent_at", to: now)
                .where("agenda_id", .equal, try record.requireID()).where("number", .equal, seenVersion).run()
            try await TrajectoryStore.reach(.verbeteragenda, of: code, on: Format.day(now), because: .agendaSent, at: now, on: db)
            try await AgendaMessages.sent(municipality: municipality, code: code, version: seenVersion, by: user, app: app, on: db)
        }
    }
}

/// Programme staff hear of an agenda sent to the servicepunt.
enum AgendaMessages {
    static func sent(municipality: String, code: String, version: Int, by user: CurrentUser, app: Application, on db: any Database)
        async throws
    {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        let staff = try await AccountStore.people(with: [.programma], in: nil, on: db)
        for person in try await MailPreferences.keep(staff, wanting: .requestNews, on: db) {
            let mail = Mail(
                kind: "agenda.sent", to: person.email, language: .nl, subject: t("mail.agenda_sent.subject", [municipality]),
                paragraphs: [t("mail.greeting", [person.name]), t("mail.agenda_sent.body", [user.name, municipality, String(version)])],
                link: Letter.Link(label: t("mail.agenda_sent.link", []), url: TrajectoryURL.agenda(.value(code)).absolute(app)), app: app)
            try await Outbox.send(mail, app: app, on: db)
        }
    }
}
