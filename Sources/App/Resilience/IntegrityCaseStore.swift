import DemocracyKit
import Fluent
import Foundation
import Vapor

/// The basisscan integriteit's cases as stored: sealed on the way in, opened only for the people named on them, and
/// every view and change in the audit log (docs/resilience.md).
enum IntegrityCaseStore {
    struct Candidate: Codable, Sendable {
        let name: String
        let email: String
    }

    /// A case as its named reader sees it, unsealed.
    struct Opened: Sendable {
        let record: IntegrityCaseRecord
        let candidate: Candidate
        let answers: [String: String]
        let assessment: IntegrityAssessment?
        let people: [(role: CaseRole, name: String)]
        let roles: Set<CaseRole>
    }

    /// Opens a case for a candidate, naming the opener, the assessor and, if given, the burgemeester by the email of
    /// their accounts. Returns the case and the candidate's link, shown once.
    static func open(_ form: IntegrityCaseForm, municipality: Municipality, by user: CurrentUser, app: Application) async throws
        -> (IntegrityCaseRecord, String)
    {
        var errors = form.problems()
        func account(_ email: String, field: String) async throws -> UUID? {
            guard !email.isEmpty, errors.allSatisfy({ $0.field != field }) else { return nil }
            guard let found = try await User.query(on: app.db).filter(\.$email == email).first() else {
                errors.append(FieldError(field: field, message: "basisscan.error.no_account"))
                return nil
            }
            // Named people read the case on the municipality's pages, so they must be among its people.
            let id = try found.requireID()
            guard
                try await MembershipRecord.query(on: app.db).filter(\.$user.$id == id).filter(\.$municipalityCode == municipality.code)
                    .count() > 0
            else {
                errors.append(FieldError(field: field, message: "basisscan.error.not_municipal"))
                return nil
            }
            return id
        }
        let assessor = try await account(form.assessorEmail, field: "assessorEmail")
        let mayor = try await account(form.mayorEmail, field: "mayorEmail")
        guard errors.isEmpty, let assessor else { throw StoreFailure.fields(errors) }
        let token = SecureToken.make()
        let now = app.clock.now()
        let record = IntegrityCaseRecord()
        record.municipalityCode = municipality.code
        record.status = .geopend
        record.candidateSealed = try app.secrets.seal(
            String(decoding: try JSONEncoder().encode(Candidate(name: form.candidateName, email: form.candidateEmail)), as: UTF8.self))
        record.tokenHash = SecureToken.hash(token)
        record.version = 1
        record.openedAt = now
        try await app.db.transaction { db in
            try await record.create(on: db)
            let caseID = try record.requireID()
            var named: [(UUID, CaseRole)] = [(user.id, .opsteller), (assessor, .beoordelaar)]
            if let mayor { named.append((mayor, .burgemeester)) }
            for (person, role) in named {
                let row = IntegrityCasePerson()
                row.caseID = caseID
                row.userID = person
                row.role = role
                try await row.create(on: db)
            }
            try await AuditLog.record(
                .integrityCaseOpened, by: AuditLog.Actor(user), municipality: municipality.code, subject: record.reference, app: app, on: db
            )
        }
        return (record, token)
    }

    /// Whether the municipality's dashboard links the basisscan for this person: who opens cases, is named on one, or
    /// reads a summary shared with the council.
    static func mayOpenOrIsNamed(_ user: CurrentUser, in code: String, on db: any Database) async throws -> Bool {
        if Access.allows(user.memberships, .openIntegrityCase, municipality: code) { return true }
        if Access.allows(user.memberships, .readSharedIntegritySummaries, municipality: code),
            try await IntegrityCaseRecord.query(on: db).filter(\.$municipalityCode == code).filter(\.$summarySharedAt != nil).count() > 0
        {
            return true
        }
        let ids = try await IntegrityCasePerson.query(on: db).filter(\.$userID == user.id).all().map(\.caseID)
        guard !ids.isEmpty else { return false }
        return try await IntegrityCaseRecord.query(on: db).filter(\.$id ~~ ids).filter(\.$municipalityCode == code).count() > 0
    }

    /// The cases of the municipality this person is named on, the newest first, with the candidate's name.
    static func list(of code: String, for user: CurrentUser, app: Application) async throws -> [(IntegrityCaseRecord, String)] {
        let ids = try await IntegrityCasePerson.query(on: app.db).filter(\.$userID == user.id).all().map(\.caseID)
        guard !ids.isEmpty else { return [] }
        return try await IntegrityCaseRecord.query(on: app.db).filter(\.$id ~~ ids).filter(\.$municipalityCode == code)
            .sort(\.$openedAt, .descending).all().map { ($0, try candidate(of: $0, app: app).name) }
    }

    private static func candidate(of record: IntegrityCaseRecord, app: Application) throws -> Candidate {
        try JSONDecoder().decode(Candidate.self, from: Data(try app.secrets.open(record.candidateSealed).utf8))
    }

    /// The case of the path for a person named on it, unsealed, with the view in the audit log. Anyone else, whatever
    /// their role (programme staff and the coordinator included), gets "not found", and the refusal is logged.
    static func read(_ id: UUID?, of code: String, by user: CurrentUser, action: IntegrityCaseAccess.Action, app: Application) async throws
        -> Opened
    {
        guard let id, let record = try await IntegrityCaseRecord.find(id, on: app.db) else {
            throw StoreFailure.notFound("basisscan.error.not_found")
        }
        guard record.municipalityCode == code else {
            try await logRefusal(id, to: user, app: app)
            throw StoreFailure.notFound("basisscan.error.not_found")
        }
        let people = try await IntegrityCasePerson.query(on: app.db).filter(\.$caseID == id).all()
        let roles = Set(people.filter { $0.userID == user.id }.map(\.role))
        guard IntegrityCaseAccess.allows(roles, action) else {
            try await AuditLog.record(
                .integrityCaseRefused, by: AuditLog.Actor(user), municipality: code, subject: record.reference, app: app, on: app.db)
            throw roles.isEmpty
                ? StoreFailure.notFound("basisscan.error.not_found") : StoreFailure.notAllowed("basisscan.error.not_your_part")
        }
        if action == .read {
            try await AuditLog.record(
                .integrityCaseViewed, by: AuditLog.Actor(user), municipality: code, subject: record.reference, app: app, on: app.db)
        }
        let names = try await User.query(on: app.db).filter(\.$id ~~ people.map(\.userID)).all()
        return Opened(
            record: record, candidate: try candidate(of: record, app: app),
            answers: try answers(of: record, app: app),
            assessment: try record.assessmentSealed.map {
                try JSONDecoder().decode(IntegrityAssessment.self, from: Data(try app.secrets.open($0).utf8))
            },
            people: people.sorted { $0.role.rawValue < $1.role.rawValue }.map { person in
                (person.role, names.first { $0.id == person.userID }?.name ?? "?")
            }, roles: roles)
    }

    /// Logs that someone outside the case's municipality asked for it, under the case's reference when it exists.
    static func logRefusal(_ id: UUID?, to user: CurrentUser, app: Application) async throws {
        guard let id, let record = try await IntegrityCaseRecord.find(id, on: app.db) else { return }
        try await AuditLog.record(
            .integrityCaseRefused, by: AuditLog.Actor(user), municipality: record.municipalityCode,
            subject: record.reference + ": buiten de gemeente", app: app, on: app.db)
    }

    /// The case of a candidate's link, while it is open; a closed case's link no longer works.
    static func byToken(_ token: String, app: Application) async throws -> IntegrityCaseRecord {
        guard token.count <= 100,
            let record = try await IntegrityCaseRecord.query(on: app.db).filter(\.$tokenHash == SecureToken.hash(token)).first()
        else { throw StoreFailure.notFound("basisscan.error.link") }
        guard record.status != .afgesloten else { throw PageError(.gone, "basisscan.error.closed") }
        return record
    }

    static func answers(of record: IntegrityCaseRecord, app: Application) throws -> [String: String] {
        try record.answersSealed.map { FlatJSON.decodeStrings(try app.secrets.open($0)) ?? [:] } ?? [:]
    }

    /// The candidate saves (the case stays open) or sends (it waits for the assessor) the questionnaire; returns the
    /// case's status after it.
    @discardableResult
    static func saveAnswers(_ answers: [String: String], sending: Bool, to record: IntegrityCaseRecord, app: Application) async throws
        -> IntegrityCaseStatus
    {
        let next = try IntegrityCaseWorkflow.next(sending ? .submitAnswers : .saveAnswers, from: record.status)
        let sealed = try app.secrets.seal(FlatJSON.encode(answers))
        try await change(
            record, seenVersion: record.version, by: .init(id: nil, name: "kandidaat (eigen link)"),
            note: sending ? "vragenlijst verstuurd" : "vragenlijst opgeslagen",
            set: [("answers_sealed", sealed), ("status", next.rawValue)] + (sending ? [("answered_at", app.clock.now())] : []), app: app)
        return next
    }

    static func assess(_ assessment: IntegrityAssessment, on opened: Opened, seenVersion: Int, by user: CurrentUser, app: Application)
        async throws
    {
        let next = try IntegrityCaseWorkflow.next(.assess, from: opened.record.status)
        try await change(
            opened.record, seenVersion: seenVersion, by: AuditLog.Actor(user), note: "beoordeling vastgelegd",
            set: [
                ("assessment_sealed", try app.secrets.seal(String(decoding: try JSONEncoder().encode(assessment), as: UTF8.self))),
                ("status", next.rawValue), ("assessed_at", app.clock.now()),
            ], app: app)
    }

    static func close(_ opened: Opened, seenVersion: Int, by user: CurrentUser, app: Application) async throws {
        let next = try IntegrityCaseWorkflow.next(.close, from: opened.record.status)
        try await change(
            opened.record, seenVersion: seenVersion, by: AuditLog.Actor(user), note: "afgesloten",
            set: [("status", next.rawValue), ("closed_at", app.clock.now())], app: app)
    }

    // MARK: Documents

    static let maxDocuments = 10

    /// A document as a list shows it: its name unsealed, without its content.
    struct Document: Sendable {
        let id: UUID
        let name: String
        let kind: UploadKind
        let size: Int
        let at: Date
    }

    /// Adds a document the candidate sends with the questionnaire, while the case waits for their answers: its kind
    /// is read from the content, its size limited, its name and content sealed.
    static func attach(name: String, bytes: [UInt8], to record: IntegrityCaseRecord, app: Application) async throws {
        guard record.status == .geopend else { throw StoreFailure.conflict("basisscan.error.already_sent") }
        let kind = try UploadKind.checked(bytes, name: name)
        let id = try record.requireID()
        guard try await IntegrityCaseDocument.query(on: app.db).filter(\.$caseID == id).count() < maxDocuments else {
            throw StoreFailure.fields([FieldError(field: "document", message: "basisscan.error.too_many_documents", limit: maxDocuments)])
        }
        let document = IntegrityCaseDocument()
        document.caseID = id
        document.nameSealed = try app.secrets.seal(UploadKind.safeName(name, kind: kind))
        document.kind = kind
        document.size = bytes.count
        document.dataSealed = try app.secrets.seal(data: Data(bytes))
        document.addedAt = app.clock.now()
        try await app.db.transaction { db in
            try await document.create(on: db)
            try await AuditLog.record(
                .integrityCaseChanged, by: .init(id: nil, name: "kandidaat (eigen link)"), municipality: record.municipalityCode,
                subject: record.reference + ": document toegevoegd", app: app, on: db)
        }
    }

    static func documents(of record: IntegrityCaseRecord, app: Application) async throws -> [Document] {
        try await IntegrityCaseDocument.query(on: app.db).filter(\.$caseID == record.requireID())
            .field(\.$id).field(\.$nameSealed).field(\.$kind).field(\.$size).field(\.$addedAt).sort(\.$addedAt).all()
            .map {
                Document(id: try $0.requireID(), name: try app.secrets.open($0.nameSealed), kind: $0.kind, size: $0.size, at: $0.addedAt)
            }
    }

    /// One document of a case its reader opened (the view is logged by `read`), with its content unsealed.
    static func document(_ id: UUID?, of opened: Opened, app: Application) async throws -> (name: String, kind: UploadKind, data: Data) {
        guard let id,
            let file = try await IntegrityCaseDocument.query(on: app.db).filter(\.$id == id)
                .filter(\.$caseID == opened.record.requireID()).first()
        else { throw StoreFailure.notFound("basisscan.error.document_not_found") }
        return (try app.secrets.open(file.nameSealed), file.kind, try app.secrets.openData(file.dataSealed))
    }

    /// Everything held about the candidate, as one JSON file for them: the case's facts, who is named, the answers
    /// with their questions, the assessment, and the audit log's entries on the case. Writing it is logged.
    struct Export: Encodable {
        struct Answer: Encodable {
            let area: String
            let question: String
            let answer: String
        }

        struct Named: Encodable {
            let role: String
            let name: String
        }

        struct Event: Encodable {
            let at: String
            let action: String
            let by: String
            let subject: String
        }

        let reference: String
        let municipality: String
        let status: String
        let openedOn: String
        let answeredOn: String?
        let assessedOn: String?
        let closedOn: String?
        let summarySharedOn: String?
        let candidate: Candidate
        let named: [Named]
        let answers: [Answer]
        let documents: [String]
        let assessment: IntegrityAssessment?
        let log: [Event]
    }

    static func export(_ opened: Opened, municipality: Municipality, by user: CurrentUser, app: Application) async throws -> Data {
        let record = opened.record
        let questionnaire = app.integrityQuestionnaire
        let events = try await AuditEvent.query(on: app.db).filter(\.$municipalityCode == record.municipalityCode).sort(\.$at).all()
            .filter { $0.subject == record.reference || $0.subject.hasPrefix(record.reference + ":") }
        let export = Export(
            reference: record.reference, municipality: municipality.name, status: record.status.name(.nl),
            openedOn: Format.day(record.openedAt), answeredOn: record.answeredAt.map { Format.day($0) },
            assessedOn: record.assessedAt.map { Format.day($0) }, closedOn: record.closedAt.map { Format.day($0) },
            summarySharedOn: record.summarySharedAt.map { Format.day($0) },
            candidate: opened.candidate, named: opened.people.map { Export.Named(role: $0.role.name(.nl), name: $0.name) },
            answers: questionnaire.areas.flatMap { area in
                area.questions.compactMap { question in
                    opened.answers[question.id].map { Export.Answer(area: area.title.nl, question: question.text.nl, answer: $0) }
                }
            }, documents: try await documents(of: record, app: app).map(\.name), assessment: opened.assessment,
            log: events.map {
                Export.Event(
                    at: ISO8601DateFormatter().string(from: $0.at), action: $0.action.name(.nl), by: $0.actorName, subject: $0.subject)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(export)
        try await AuditLog.record(
            .integrityCaseExported, by: AuditLog.Actor(user), municipality: record.municipalityCode, subject: record.reference, app: app,
            on: app.db)
        return data
    }

    /// Destroys every case closed before the moment, and every case never closed whose last change was before it:
    /// the case, its answers, assessment and named people go; the audit log records the reference and that it was
    /// destroyed. Returns how many.
    static func destroy(lastChangedBefore cutoff: Date, by actor: AuditLog.Actor, app: Application, on db: any Database) async throws
        -> Int
    {
        var destroyed = 0
        for record in try await IntegrityCaseRecord.query(on: db).all() {
            let last =
                record.closedAt ?? [record.openedAt, record.answeredAt, record.assessedAt].compactMap { $0 }.max() ?? record.openedAt
            guard last < cutoff else { continue }
            try await db.transaction { db in
                try await IntegrityCasePerson.query(on: db).filter(\.$caseID == record.requireID()).delete()
                try await IntegrityCaseDocument.query(on: db).filter(\.$caseID == record.requireID()).delete()
                try await record.delete(on: db)
                let how = record.closedAt != nil ? "afgesloten op" : "niet afgesloten, laatst gewijzigd op"
                try await AuditLog.record(
                    .integrityCaseDestroyed, by: actor, municipality: record.municipalityCode,
                    subject: "\(record.reference): vernietigd na de bewaartermijn (\(how) \(Format.day(last)))", app: app, on: db)
            }
            destroyed += 1
        }
        return destroyed
    }

    /// The burgemeester shares the assessment's summary with the council.
    static func share(_ opened: Opened, seenVersion: Int, by user: CurrentUser, app: Application) async throws {
        try IntegrityCaseWorkflow.checkShare(from: opened.record.status, alreadyShared: opened.record.summarySharedAt != nil)
        try await change(
            opened.record, seenVersion: seenVersion, by: AuditLog.Actor(user), note: "samenvatting gedeeld met de raad",
            set: [("summary_shared_at", app.clock.now())], app: app)
    }

    /// A summary shared with the council, as the council reads it: the candidate's name and the summary only.
    struct SharedSummary: Sendable {
        let reference: String
        let candidate: String
        let summary: String
        let risks: Int
        let sharedAt: Date
    }

    /// The summaries shared with the council of the municipality, the newest first, for its council, griffier and
    /// burgemeester; each reading is in the audit log.
    static func sharedSummaries(of code: String, for user: CurrentUser, app: Application) async throws -> [SharedSummary] {
        guard Access.allows(user.memberships, .readSharedIntegritySummaries, municipality: code) else { return [] }
        let records = try await IntegrityCaseRecord.query(on: app.db).filter(\.$municipalityCode == code)
            .filter(\.$summarySharedAt != nil).sort(\.$summarySharedAt, .descending).all()
        var shared: [SharedSummary] = []
        for record in records {
            guard let sealed = record.assessmentSealed, let at = record.summarySharedAt else { continue }
            let assessment = try JSONDecoder().decode(IntegrityAssessment.self, from: Data(try app.secrets.open(sealed).utf8))
            shared.append(
                SharedSummary(
                    reference: record.reference, candidate: try candidate(of: record, app: app).name, summary: assessment.summary,
                    risks: assessment.risks.count, sharedAt: at))
            try await AuditLog.record(
                .integrityCaseViewed, by: AuditLog.Actor(user), municipality: code, subject: record.reference + ": samenvatting gelezen",
                app: app, on: app.db)
        }
        return shared
    }

    private static func change(
        _ record: IntegrityCaseRecord, seenVersion: Int, by actor: AuditLog.Actor, note: String, set: [(String, any Encodable & Sendable)],
        app: Application
    ) async throws {
        try await app.db.transaction { db in
            guard
                try await db.updateAtVersion(
                    IntegrityCaseRecord.schema, matching: [("id", try record.requireID())], seen: seenVersion, set: set)
            else { throw StoreFailure.conflict("basisscan.error.conflict") }
            try await AuditLog.record(
                .integrityCaseChanged, by: actor, municipality: record.municipalityCode, subject: record.reference + ": " + note, app: app,
                on: db)
        }
    }
}
