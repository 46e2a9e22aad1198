import DemocracyKit
import Fluent
import Foundation
import Vapor

/// Ondermijning as stored (docs/resilience.md): programme staff's news, each signed-in person's quiz rounds, and
/// the signals reported to a municipality's designated contact, sealed, which only that contact reads.
enum UnderminingStore {
    // MARK: News

    static func news(limit: Int? = nil, on db: any Database) async throws -> [UnderminingNews] {
        let query = UnderminingNews.query(on: db).sort(\.$publishedAt, .descending)
        if let limit { return try await query.limit(limit).all() }
        return try await query.all()
    }

    static func publish(_ form: UnderminingNewsForm, by user: CurrentUser, app: Application) async throws {
        let item = UnderminingNews()
        item.titleNl = form.title.nl
        item.titleEn = form.title.en
        item.bodyNl = form.body.nl
        item.bodyEn = form.body.en
        item.authorName = user.name
        item.publishedAt = app.clock.now()
        try await app.db.transaction { db in
            try await item.create(on: db)
            try await AuditLog.record(
                .underminingNewsPublished, by: AuditLog.Actor(user), municipality: nil, subject: form.title.nl, app: app, on: db)
        }
    }

    // MARK: The quiz

    /// The levels this person passed.
    static func passedLevels(of user: CurrentUser?, on db: any Database) async throws -> Set<Int> {
        guard let user else { return [] }
        return Set(
            try await UnderminingQuizResult.query(on: db).filter(\.$userID == user.id).filter(\.$passed == true).all().map(\.level))
    }

    /// The best round per level.
    static func best(of user: CurrentUser, on db: any Database) async throws -> [Int: UnderminingQuizResult] {
        var best: [Int: UnderminingQuizResult] = [:]
        for result in try await UnderminingQuizResult.query(on: db).filter(\.$userID == user.id).all()
        where result.correct > (best[result.level]?.correct ?? -1) {
            best[result.level] = result
        }
        return best
    }

    static func record(_ attempt: QuizAttempt, level: Int, by user: CurrentUser, app: Application) async throws {
        let result = UnderminingQuizResult()
        result.userID = user.id
        result.level = level
        result.correct = attempt.correct
        result.total = attempt.results.count
        result.passed = QuizLevels.passes(correct: attempt.correct, of: attempt.results.count)
        result.takenAt = app.clock.now()
        try await result.create(on: app.db)
    }

    // MARK: The designated contact

    static func contact(of code: String, on db: any Database) async throws -> User? {
        guard let row = try await SignalContact.query(on: db).filter(\.$municipalityCode == code).first() else { return nil }
        return try await User.find(row.userID, on: db)
    }

    /// The municipalities that take reports: those with a contact, by name.
    static func municipalitiesTakingReports(on db: any Database) async throws -> [Municipality] {
        let codes = try await SignalContact.query(on: db).all().map(\.municipalityCode)
        guard !codes.isEmpty else { return [] }
        return try await Municipality.query(on: db).filter(\.$id ~~ codes).all()
            .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
    }

    /// Names the contact by the email of their account, who must hold a role in the municipality.
    static func setContact(email raw: String, municipality: Municipality, by user: CurrentUser, app: Application) async throws {
        let email = Validate.normalizedEmail(raw)
        if let error = Validate.email(email, field: "contactEmail") { throw StoreFailure.fields([error]) }
        guard let account = try await User.query(on: app.db).filter(\.$email == email).first() else {
            throw StoreFailure.fields([FieldError(field: "contactEmail", message: "basisscan.error.no_account")])
        }
        let id = try account.requireID()
        guard
            try await MembershipRecord.query(on: app.db).filter(\.$user.$id == id).filter(\.$municipalityCode == municipality.code)
                .count() > 0
        else { throw StoreFailure.fields([FieldError(field: "contactEmail", message: "basisscan.error.not_municipal")]) }
        try await app.db.transaction { db in
            try await SignalContact.query(on: db).filter(\.$municipalityCode == municipality.code).delete()
            let row = SignalContact()
            row.municipalityCode = municipality.code
            row.userID = id
            row.setAt = app.clock.now()
            try await row.create(on: db)
            try await AuditLog.record(
                .signalContactSet, by: AuditLog.Actor(user), municipality: municipality.code, subject: account.name, app: app, on: db)
        }
    }

    // MARK: Reported signals

    /// A follow-up code has 26 characters of 5 bits: 130 bits, never guessed.
    static let codeLength = 26
    /// Wrong follow-up codes one network address may try in an hour.
    static let followUpsPerHour = 10

    /// Stores a report for the municipality's contact, sealed, and tells the contact that one came in (without what
    /// it says). Returns the reporter's follow-up code, kept only as a hash.
    static func report(_ report: SignalReport, to municipality: Municipality, app: Application) async throws -> String {
        guard let contact = try await contact(of: municipality.code, on: app.db) else {
            throw StoreFailure.notFound("ondermijning.error.no_contact")
        }
        let code = SecureToken.makeCode(length: codeLength)
        let now = app.clock.now()
        let record = SignalReportRecord()
        record.municipalityCode = municipality.code
        record.status = .ontvangen
        record.reportSealed = try app.secrets.seal(String(decoding: try JSONEncoder().encode(report), as: UTF8.self))
        record.codeHash = SecureToken.hash(SecureToken.normalizedCode(code))
        record.version = 1
        record.receivedAt = now
        record.updatedAt = now
        try await app.db.transaction { db in
            try await record.create(on: db)
            let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
            let mail = Mail(
                kind: "signal.reported", to: contact.email, language: .nl, subject: t("mail.signal_reported.subject", [municipality.name]),
                paragraphs: [t("mail.greeting", [contact.name]), t("mail.signal_reported.body", [municipality.name])],
                link: Letter.Link(
                    label: t("mail.signal_reported.link", []),
                    url: UnderminingURL.report(.value(municipality.code), .value(try record.requireID())).absolute(app)),
                app: app)
            try await Outbox.send(mail, app: app, on: db)
        }
        return code
    }

    /// What the reporter sees with their code: the status and the contact's reply. A code that cannot be one or
    /// is not found counts as a wrong try for the network address; past the limit, tries wait an hour.
    static func followUp(_ typed: String, from address: String, app: Application) async throws -> (SignalReportRecord, String?) {
        let key = "signal-code:" + SecureToken.hash(address)
        let now = app.clock.now()
        let wrong = try await LoginFailure.wrongInLastHour(key, at: now, on: app.db)
        guard wrong < followUpsPerHour else {
            throw StoreFailure.fields([FieldError(field: "code", message: "ondermijning.error.code_limit", limit: 60)])
        }
        let normalized = SecureToken.normalizedCode(String(typed.prefix(100)))
        if normalized.count == codeLength,
            let record = try await SignalReportRecord.query(on: app.db).filter(\.$codeHash == SecureToken.hash(normalized)).first()
        {
            return (record, try record.replySealed.map { try app.secrets.open($0) })
        }
        _ = try await LoginFailure.record([key], at: now, window: 3_600, on: app.db)
        throw StoreFailure.fields([FieldError(field: "code", message: "ondermijning.error.code")])
    }

    /// A report as its contact reads it.
    struct Opened: Sendable {
        let record: SignalReportRecord
        let report: SignalReport
        let reply: String?
    }

    /// Whether this person is the municipality's contact. Anyone else who asks for its reports, whatever their role
    /// (programme staff and the coordinator included), is refused and the refusal logged.
    static func requireContact(_ user: CurrentUser, of code: String, subject: String, app: Application) async throws {
        let row = try await SignalContact.query(on: app.db).filter(\.$municipalityCode == code).first()
        guard row?.userID == user.id else {
            try await AuditLog.record(
                .signalReportRefused, by: AuditLog.Actor(user), municipality: code, subject: subject, app: app, on: app.db)
            throw StoreFailure.notFound("ondermijning.error.not_contact")
        }
    }

    static func reports(of code: String, for user: CurrentUser, app: Application) async throws -> [SignalReportRecord] {
        try await requireContact(user, of: code, subject: "meldingen", app: app)
        return try await SignalReportRecord.query(on: app.db).filter(\.$municipalityCode == code).sort(\.$receivedAt, .descending).all()
    }

    static func read(_ id: UUID?, of code: String, by user: CurrentUser, app: Application) async throws -> Opened {
        guard let id, let record = try await SignalReportRecord.find(id, on: app.db), record.municipalityCode == code else {
            throw StoreFailure.notFound("ondermijning.error.report_not_found")
        }
        try await requireContact(user, of: code, subject: record.reference, app: app)
        try await AuditLog.record(
            .signalReportViewed, by: AuditLog.Actor(user), municipality: code, subject: record.reference, app: app, on: app.db)
        return Opened(
            record: record,
            report: try JSONDecoder().decode(SignalReport.self, from: Data(try app.secrets.open(record.reportSealed).utf8)),
            reply: try record.replySealed.map { try app.secrets.open($0) })
    }

    static func reply(_ reply: SignalReply, to opened: Opened, seenVersion: Int, by user: CurrentUser, app: Application) async throws {
        try await app.db.transaction { db in
            guard
                try await db.updateAtVersion(
                    SignalReportRecord.schema, matching: [("id", try opened.record.requireID())], seen: seenVersion,
                    set: [
                        ("status", reply.status.rawValue), ("updated_at", app.clock.now()),
                        ("reply_sealed", reply.reply.isEmpty ? nil : try app.secrets.seal(reply.reply)),
                    ])
            else { throw StoreFailure.conflict("basisscan.error.conflict") }
            try await AuditLog.record(
                .signalReportChanged, by: AuditLog.Actor(user), municipality: opened.record.municipalityCode,
                subject: opened.record.reference + ": " + reply.status.rawValue, app: app, on: db)
        }
    }
}
