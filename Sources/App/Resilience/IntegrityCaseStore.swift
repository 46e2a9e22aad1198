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

    /// Whether the municipality's dashboard links the basisscan for this person: who opens cases, or is named on one.
    static func mayOpenOrIsNamed(_ user: CurrentUser, in code: String, on db: any Database) async throws -> Bool {
        if Access.allows(user.memberships, .openIntegrityCase, municipality: code) { return true }
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
        guard let id, let record = try await IntegrityCaseRecord.find(id, on: app.db), record.municipalityCode == code else {
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
