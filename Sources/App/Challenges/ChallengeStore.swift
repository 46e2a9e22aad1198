import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// The uitdaagrecht's operations, shared by the pages, the demo seed and the overdue check: a municipality's rules,
/// challenges from submission to evaluation with every step recorded, the register, and the handlers.
enum ChallengeStore {
    // MARK: What public pages show

    /// Counts every change the public pages show (a step, a new challenge, rules), in the same transaction as the
    /// change, so every instance sees a new revision at once and drops what it kept.
    static func changed(on db: any Database) async throws {
        try await db.sql().raw("UPDATE challenge_revision SET changes = changes + 1 WHERE id = 1").run()
    }

    static func revision(on db: any Database) async throws -> Int64 {
        try await db.sql().raw("SELECT changes FROM challenge_revision WHERE id = 1").first()?.decode(column: "changes", as: Int64.self)
            ?? -1
    }

    // MARK: Rules

    /// A municipality's rules and the version a form saw; switched off with the usual terms when it wrote none.
    static func rules(of code: String, on db: any Database) async throws -> (rules: ChallengeRules, version: Int) {
        guard let record = try await ChallengeRulesRecord.find(code, on: db) else { return (.starting, 0) }
        return (record.rules, record.version)
    }

    /// Saves the rules from the version the coordinator saw; a save meanwhile gives `.conflict`.
    static func saveRules(_ rules: ChallengeRules, of code: String, seenVersion: Int, app: Application) async throws {
        let now = app.clock.now()
        try await app.db.transaction { db in
            if try await ChallengeRulesRecord.find(code, on: db) != nil {
                let probe = ChallengeRulesRecord(code: code, rules: rules, at: now)
                let written = try await db.updateAtVersion(
                    ChallengeRulesRecord.schema, matching: [("municipality_code", code)], seen: seenVersion,
                    set: [
                        ("enabled", probe.enabled), ("intro_nl", probe.introNl), ("intro_en", probe.introEn),
                        ("open_tasks", probe.openTasks),
                        ("excluded_tasks", probe.excludedTasks), ("conditions", probe.conditions), ("weeks", probe.weeks),
                        ("updated_at", now),
                    ])
                guard written else { throw StoreFailure.conflict("challenge.error.rules_changed") }
            } else {
                guard seenVersion == 0 else { throw StoreFailure.conflict("challenge.error.rules_changed") }
                try await ChallengeRulesRecord(code: code, rules: rules, at: now).create(on: db)
            }
            try await changed(on: db)
        }
    }

    /// Every municipality's rules, by its code, in one query.
    static func allRules(on db: any Database) async throws -> [String: ChallengeRules] {
        Dictionary(
            uniqueKeysWithValues: try await ChallengeRulesRecord.query(on: db).all().compactMap { record in
                record.id.map { ($0, record.rules) }
            })
    }

    // MARK: Submitting and following

    /// At most 10 challenges an hour from one network address: a neighbourhood never needs more, a script is stopped.
    static let throttle = LoginThrottle(
        maxFailuresPerAccountAndAddress: .max, maxFailuresPerAddress: 10, maxFailuresPerAccount: .max, window: 3600)

    struct TooMany: Error {
        let minutes: Int
    }

    /// Checks and stores a challenge, and tells the group (with its follow-up link) and the municipality's handlers.
    /// Returns the link's secret, which is stored only hashed.
    static func submit(
        _ submission: ChallengeSubmission, to municipality: Municipality, language: Language, address: String, app: Application
    ) async throws -> String {
        let rules = try await rules(of: municipality.code, on: app.db).rules
        guard rules.enabled else { throw StoreFailure.notFound("challenge.not_enabled") }
        let errors = submission.problems(rules: rules)
        guard errors.isEmpty else { throw StoreFailure.fields(errors) }
        let counts = try await LoginFailure.record(
            ["challenge-address:" + SecureToken.hash(address)], at: app.clock.now(), window: throttle.window, on: app.db
        ).counts
        guard counts[0] <= throttle.maxFailuresPerAddress else { throw TooMany(minutes: throttle.windowMinutes) }
        let token = SecureToken.make()
        let now = app.clock.now()
        let record = ChallengeRecord(
            municipalityCode: municipality.code, submission: submission, tokenHash: SecureToken.hash(token),
            tokenSealed: try app.secrets.seal(token), language: language, at: now)
        try await app.db.transaction { db in
            try await record.create(on: db)
            let id = try record.requireID()
            try await ChallengeEvent(
                challengeID: id, action: "indienen", status: .ingediend, note: "", actorName: record.groupName, byGroup: true, shared: true,
                at: now
            ).create(on: db)
            try await ChallengeMessages.received(record, token: token, municipality: municipality.name, app: app, on: db)
            try await ChallengeMessages.toHandlers(.submitted, record, municipality: municipality.name, app: app, on: db)
            try await changed(on: db)
        }
        return token
    }

    /// The challenge a follow-up link belongs to; nil for a link that is not one.
    static func find(token: String, on db: any Database) async throws -> ChallengeRecord? {
        guard token.count >= 40, token.count <= 64 else { return nil }
        return try await ChallengeRecord.query(on: db).filter(\.$tokenHash == SecureToken.hash(token)).first()
    }

    /// One challenge of this municipality.
    static func require(_ id: UUID?, municipality code: String, on db: any Database) async throws -> ChallengeRecord {
        guard let id, let record = try await ChallengeRecord.query(on: db).filter(\.$id == id).filter(\.$municipalityCode == code).first()
        else { throw StoreFailure.notFound("challenge.not_found") }
        return record
    }

    /// One challenge as the register shows it: only once it passed the first check.
    static func requirePublic(_ id: UUID?, on db: any Database) async throws -> ChallengeRecord {
        guard let id, let record = try await ChallengeRecord.find(id, on: db), record.status.isInRegister else {
            throw StoreFailure.notFound("challenge.not_found")
        }
        return record
    }

    // MARK: Steps

    /// Moves a challenge on, if the workflow allows it from the version the person saw. A change made meanwhile
    /// gives `.conflict`; a change the workflow refuses gives the refusal, on its field if it has one.
    static func act(
        _ action: ChallengeAction, on record: ChallengeRecord, seenVersion: Int, actorName: String, as actor: ChallengeActor,
        app: Application
    ) async throws {
        guard seenVersion == record.version else { throw StoreFailure.conflict("challenge.error.changed") }
        let id = try record.requireID()
        let now = app.clock.now()
        let today = Format.day(now)
        let rules = try await rules(of: record.municipalityCode, on: app.db).rules
        var asked = action
        if case .evaluate(let text, _) = asked {
            let mine = actor == .handler ? record.evaluationMunicipality : record.evaluationGroup
            guard mine == nil else { throw StoreFailure.conflict("challenge.error.already_evaluated") }
            let other = actor == .handler ? record.evaluationGroup : record.evaluationMunicipality
            asked = .evaluate(text: text, otherSideDone: other != nil)
        }
        let action = asked
        let next: ChallengeStatus
        switch ChallengeWorkflow.apply(action, to: record.status, by: actor, conditions: rules.conditions, today: today) {
        case .success(let status): next = status
        case .failure(let refusal):
            if let field = refusal.field {
                throw StoreFailure.fields([FieldError(field: field, message: refusal.message, limit: refusal.limit)])
            }
            throw StoreFailure.conflict(refusal.message)
        }
        let change = changes(for: action, by: actor, today: today)
        let columns = change.columns + (next != record.status ? [("status", next.rawValue), ("status_since", now)] : [])
        try await app.db.transaction { db in
            let written = try await db.updateAtVersion(ChallengeRecord.schema, matching: [("id", id)], seen: seenVersion, set: columns)
            guard written else { throw StoreFailure.conflict("challenge.error.changed") }
            try await changed(on: db)
            try await ChallengeEvent(
                challengeID: id, action: action.key, status: next, note: change.note, day: change.day, actorName: actorName,
                byGroup: actor == .group, shared: true, at: now
            ).create(on: db)
            let name = try await MunicipalityQueries.name(of: record.municipalityCode, on: db)
            switch actor {
            case .handler:
                try await ChallengeMessages.stepToGroup(
                    record, action: action.key, status: next, note: change.note, municipality: name, app: app, on: db)
            case .group:
                try await ChallengeMessages.toHandlers(.groupActed(action.key), record, municipality: name, app: app, on: db)
            }
        }
    }

    /// A message on a challenge: from the group, or from a handler (shared with the group, or an internal note).
    static func message(
        _ text: String, on record: ChallengeRecord, actorName: String, byGroup: Bool, shared: Bool, app: Application
    ) async throws {
        if let error = Validate.required(
            text, field: "message", max: ChallengeWorkflow.maxText, message: "challenge.error.message_required")
        {
            throw StoreFailure.fields([error])
        }
        // The group's page offers no messages once the challenge has ended; a post from an old page is refused.
        if byGroup && record.status.isClosed {
            throw StoreFailure.fields([FieldError(field: "message", message: "challenge.error.closed")])
        }
        let note = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let id = try record.requireID()
        try await app.db.transaction { db in
            try await ChallengeEvent(
                challengeID: id, action: byGroup ? "bericht" : (shared ? "vraag" : "notitie"), status: record.status, note: note,
                actorName: actorName, byGroup: byGroup, shared: byGroup || shared, at: app.clock.now()
            ).create(on: db)
            let name = try await MunicipalityQueries.name(of: record.municipalityCode, on: db)
            if byGroup {
                try await ChallengeMessages.toHandlers(.groupActed("bericht"), record, municipality: name, app: app, on: db)
            } else if shared {
                try await ChallengeMessages.stepToGroup(
                    record, action: "vraag", status: record.status, note: note, municipality: name, app: app, on: db)
            }
        }
    }

    static func history(of id: UUID, sharedOnly: Bool, on db: any Database) async throws -> [ChallengeEvent] {
        var query = ChallengeEvent.query(on: db).filter(\.$challenge.$id == id)
        if sharedOnly { query = query.filter(\.$shared == true) }
        return try await query.sort(\.$at).all()
    }

    /// The columns a change writes, the note its history keeps, and the day of a conversation.
    private static func changes(for action: ChallengeAction, by actor: ChallengeActor, today: String) -> (
        columns: [(String, any Encodable & Sendable)], note: String, day: String?
    ) {
        func trim(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        func day(_ typed: String) -> String { Format.parseDay(typed).map(Format.day) ?? typed }
        switch action {
        case .admit, .withdraw: return ([], "", nil)
        case .refuseAdmission(let condition, let reason):
            return ([("refused_condition", condition?.rawValue ?? "taak")], trim(reason), nil)
        case .meeting(let on, let notes): return ([], trim(notes), day(on))
        case .submitProposal(let text): return ([("proposal", trim(text)), ("proposal_on", today)], trim(text), nil)
        case .advise(let assessments, let summary):
            let trimmed = assessments.map {
                ConditionAssessment(condition: $0.condition, verdict: $0.verdict, explanation: trim($0.explanation))
            }
            let json = (try? JSONEncoder().encode(trimmed)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
            return ([("advice", json), ("advice_summary", trim(summary))], trim(summary), nil)
        case .decide(let decision, let reasons, let on):
            return (
                [("decision", decision.rawValue), ("decision_reasons", trim(reasons)), ("decided_on", day(on))], trim(reasons), day(on)
            )
        case .agree(let from, let until, let budget, let method, let reporting):
            return (
                [
                    ("agreement_from", day(from)), ("agreement_until", day(until)), ("agreement_budget", budget),
                    ("agreement_method", trim(method)),
                    ("agreement_reporting", trim(reporting)),
                ], trim(method), nil
            )
        case .reportProgress(let text): return ([], trim(text), nil)
        case .evaluate(let text, _):
            return ([(actor == .handler ? "evaluation_municipality" : "evaluation_group", trim(text))], trim(text), nil)
        }
    }

    // MARK: Documents

    static let maxDocuments = 10

    /// A document as a list shows it, without its content.
    struct Document: Sendable {
        let id: UUID
        let fileName: String
        let kind: UploadKind
        let size: Int
        let byGroup: Bool
        let at: Date
    }

    /// Adds a document to a challenge, if its content is of an allowed kind, fits its name and the size limit, and
    /// the challenge has room for it.
    static func attach(name: String, bytes: [UInt8], to record: ChallengeRecord, byGroup: Bool, app: Application) async throws {
        let id = try record.requireID()
        guard !record.status.isClosed else {
            throw StoreFailure.fields([FieldError(field: "document", message: "challenge.error.closed")])
        }
        let kind = try UploadKind.checked(bytes, name: name)
        guard try await ChallengeAttachment.query(on: app.db).filter(\.$challenge.$id == id).count() < maxDocuments else {
            throw StoreFailure.fields([FieldError(field: "document", message: "challenge.error.too_many_documents", limit: maxDocuments)])
        }
        let fileName = UploadKind.safeName(name, kind: kind)
        try await app.db.transaction { db in
            try await ChallengeAttachment(
                challengeID: id, fileName: fileName, kind: kind, data: Data(bytes), byGroup: byGroup, at: app.clock.now()
            )
            .create(on: db)
            try await ChallengeEvent(
                challengeID: id, action: "document", status: record.status, note: fileName, actorName: record.groupName, byGroup: byGroup,
                shared: true, at: app.clock.now()
            ).create(on: db)
            let name = try await MunicipalityQueries.name(of: record.municipalityCode, on: db)
            if byGroup { try await ChallengeMessages.toHandlers(.groupActed("document"), record, municipality: name, app: app, on: db) }
        }
    }

    static func documents(of id: UUID, on db: any Database) async throws -> [Document] {
        try await ChallengeAttachment.query(on: db).filter(\.$challenge.$id == id)
            .field(\.$id).field(\.$fileName).field(\.$kind).field(\.$size).field(\.$byGroup).field(\.$at).sort(\.$at).all()
            .map { Document(id: try $0.requireID(), fileName: $0.fileName, kind: $0.kind, size: $0.size, byGroup: $0.byGroup, at: $0.at) }
    }

    /// One document of this challenge, with its content.
    static func document(_ id: UUID?, of challengeID: UUID, on db: any Database) async throws -> ChallengeAttachment {
        guard let id,
            let file = try await ChallengeAttachment.query(on: db).filter(\.$id == id).filter(\.$challenge.$id == challengeID).first()
        else { throw StoreFailure.notFound("challenge.document_not_found") }
        return file
    }

    // MARK: Lists

    /// A municipality's challenges, newest first.
    static func list(municipality code: String, on db: any Database) async throws -> [ChallengeRecord] {
        try await ChallengeRecord.query(on: db).filter(\.$municipalityCode == code).sort(\.$createdAt, .descending).limit(500).all()
    }

    /// What the register can be narrowed to, from the address; anything unknown is ignored.
    struct RegisterFilter: Sendable, Equatable {
        /// A CBS code; a name or code that is no municipality gives a code that matches nothing.
        var municipality: String?
        /// What the visitor typed, shown back in the form.
        var typedMunicipality = ""
        var province: String?
        var status: ChallengeStatus?
        var decision: ChallengeDecision?
        var focusArea: FocusArea?
        var page: Int?
    }

    static let registerPageSize = 25

    /// A challenge as public pages show it: only what the register may show, never the contact person, read as a
    /// plain row (decoding whole models cost most of a register page).
    struct PublicRow: Decodable, Sendable {
        let id: UUID
        let municipalityCode: String
        let status: ChallengeStatus
        let groupName: String
        let legalForm: LegalForm
        let task: String
        let focusAreas: String
        let decision: ChallengeDecision?
        let decisionReasons: String?
        let decidedOn: String?
        let agreementFrom: String?
        let agreementUntil: String?
        let agreementBudget: Int?
        let evaluationGroup: String?
        let evaluationMunicipality: String?
        let createdAt: Date
        let statusSince: Date

        var areas: [FocusArea] { focusAreas.split(separator: ",").compactMap { FocusArea(slug: String($0)) } }

        /// The column names as they are: converting each key to snake case cost more than reading the row.
        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, status, task, decision
            case municipalityCode = "municipality_code"
            case groupName = "group_name"
            case legalForm = "legal_form"
            case focusAreas = "focus_areas"
            case decisionReasons = "decision_reasons"
            case decidedOn = "decided_on"
            case agreementFrom = "agreement_from"
            case agreementUntil = "agreement_until"
            case agreementBudget = "agreement_budget"
            case evaluationGroup = "evaluation_group"
            case evaluationMunicipality = "evaluation_municipality"
            case createdAt = "created_at"
            case statusSince = "status_since"
        }

        static let columns = CodingKeys.allCases.map(\.rawValue)
    }

    /// One page of the public register: challenges that passed the first check, newest first.
    static func register(_ filter: RegisterFilter, on db: any Database) async throws -> (rows: [PublicRow], pagination: Pagination) {
        let sql = try db.sql()
        let conditions = try await registerConditions(filter, on: db)
        let count =
            try await conditions(sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let pagination = Pagination(requestedPage: filter.page, perPage: registerPageSize, total: count)
        let rows = try await conditions(sql.select().columns(PublicRow.columns.map { SQLIdentifier($0) }))
            .orderBy("created_at", .descending).limit(pagination.perPage).offset(pagination.offset).all()
        return (try rows.map { try $0.decode(model: PublicRow.self) }, pagination)
    }

    static let openDataLimit = 20_000

    /// Every challenge in the register that fits the filter, newest first: the open data.
    static func registerAll(_ filter: RegisterFilter, on db: any Database) async throws -> [PublicRow] {
        let conditions = try await registerConditions(filter, on: db)
        return try await conditions(try db.sql().select().columns(PublicRow.columns.map { SQLIdentifier($0) }))
            .orderBy("created_at", .descending).limit(openDataLimit).all()
            .map { try $0.decode(model: PublicRow.self) }
    }

    /// The register's latest changes of one municipality, for its feed.
    static func latest(of code: String, limit: Int, on db: any Database) async throws -> [PublicRow] {
        var filter = RegisterFilter()
        filter.municipality = code
        let conditions = try await registerConditions(filter, on: db)
        return try await conditions(try db.sql().select().columns(PublicRow.columns.map { SQLIdentifier($0) }))
            .orderBy("status_since", .descending).limit(limit).all()
            .map { try $0.decode(model: PublicRow.self) }
    }

    /// The filter as conditions on a select from `challenges`.
    private static func registerConditions(_ filter: RegisterFilter, on db: any Database) async throws
        -> @Sendable (SQLSelectBuilder) -> SQLSelectBuilder
    {
        var provinceCodes: [String]?
        if let province = filter.province {
            provinceCodes = try await db.sql().select().column("code").from(Municipality.schema).where("province", .equal, province).all()
                .map { try $0.decode(column: "code", as: String.self) }
        }
        let codes = provinceCodes
        return { builder in
            var query = builder.from(ChallengeRecord.schema)
                .where("status", .notIn, SQLBind.group([ChallengeStatus.ingediend.rawValue, ChallengeStatus.nietOntvankelijk.rawValue]))
            if let code = filter.municipality { query = query.where("municipality_code", .equal, code) }
            if let codes { query = query.where("municipality_code", .in, SQLBind.group(codes)) }
            if let status = filter.status { query = query.where("status", .equal, status.rawValue) }
            if let decision = filter.decision { query = query.where("decision", .equal, decision.rawValue) }
            if let area = filter.focusArea { query = query.where("focus_areas", .like, "%,\(area.slug),%") }
            return query
        }
    }

    /// The national picture, and the municipalities whose uitdaagrecht is switched on.
    static func overview(app: Application) async throws -> (overview: ChallengeOverview, enabled: [String]) {
        let today = Format.day(app.clock.now())
        let rulesByCode = try await allRules(on: app.db)
        let rows = try await ChallengeRecord.query(on: app.db)
            .field(\.$id).field(\.$municipalityCode).field(\.$status).field(\.$createdAt).field(\.$decision).field(\.$decidedOn)
            .field(\.$statusSince).field(\.$proposalOn).all()
            .map { record in
                ChallengeOverview.Row(
                    municipalityCode: record.municipalityCode, status: record.status, submittedOn: Format.day(record.createdAt),
                    decision: record.decision, decidedOn: record.decidedOn,
                    due: record.due(under: rulesByCode[record.municipalityCode] ?? .starting))
            }
        return (ChallengeOverview(rows, today: today), rulesByCode.filter(\.value.enabled).map(\.key).sorted())
    }

    // MARK: Handlers

    static func handlers(of code: String, on db: any Database) async throws -> [AccountStore.Person] {
        try await AccountStore.people(with: [.behandelaar], in: code, on: db)
    }

    /// Makes a person a handler of the municipality's challenges: a new account gets a link to choose a password.
    static func addHandler(name: String, email: String, to municipality: Municipality, by user: CurrentUser, app: Application) async throws
    {
        var errors: [FieldError] = []
        if let error = Validate.required(name, field: "handlerName", max: Validate.maxNameLength, message: "error.name_required") {
            errors.append(error)
        }
        if let error = Validate.email(email, field: "handlerEmail") { errors.append(error) }
        guard errors.isEmpty else { throw StoreFailure.fields(errors) }
        let now = app.clock.now()
        try await app.db.transaction { db in
            let (person, created) = try await AccountStore.findOrCreate(
                email: Validate.normalizedEmail(email), name: name.trimmingCharacters(in: .whitespacesAndNewlines), on: db)
            let personID = try person.requireID()
            try await AccountStore.grant(.behandelaar, municipalityCode: municipality.code, to: personID, on: db)
            try await AuditLog.record(
                .roleGranted, by: .init(id: user.id, name: user.name), municipality: municipality.code,
                subject: "\(Role.behandelaar.rawValue): \(person.name) <\(person.email)>", app: app, on: db)
            let token =
                created || person.passwordHash == nil ? try await AccountStore.issueActivationToken(for: personID, on: db, now: now) : nil
            try await Outbox.send(
                ChallengeMessages.handlerAdded(person, municipality: municipality, activationToken: token, app: app), app: app, on: db)
        }
    }

    static func removeHandler(_ userID: UUID?, from code: String, by user: CurrentUser, app: Application) async throws {
        guard let userID else { throw StoreFailure.notFound("challenge.not_found") }
        try await app.db.transaction { db in
            guard
                let membership = try await MembershipRecord.query(on: db).filter(\.$user.$id == userID).filter(\.$role == .behandelaar)
                    .filter(\.$municipalityCode == code).with(\.$user).first()
            else { throw StoreFailure.notFound("challenge.not_found") }
            try await membership.delete(on: db)
            try await AuditLog.record(
                .roleRevoked, by: .init(id: user.id, name: user.name), municipality: code,
                subject: "\(Role.behandelaar.rawValue): \(membership.user.name) <\(membership.user.email)>", app: app, on: db)
        }
    }

    // MARK: Terms

    /// Sends one message per missed term to the municipality's handlers and coordinator, and remembers it; runs
    /// once a minute with the mail delivery, and on several instances at once without sending twice (the
    /// remembered day is set with a conditional update before anything is sent).
    @discardableResult
    static func signalOverdue(app: Application) async throws -> Int {
        let waiting = ChallengeStatus.allCases.filter { $0.term != nil }
        let records = try await ChallengeRecord.query(on: app.db).filter(\.$status ~~ waiting).all()
        guard !records.isEmpty else { return 0 }
        let today = Format.day(app.clock.now())
        let rulesByCode = try await allRules(on: app.db)
        var sent = 0
        for record in records {
            let code = record.municipalityCode
            guard let id = record.id else { continue }
            let due = record.due(under: rulesByCode[code] ?? .starting)
            guard ChallengeTerms.isOverdue(due: due, today: today), let due, record.signalledDue != due else { continue }
            let status = record.status.rawValue
            let signalled = try await app.db.transaction { db in
                let claimed = try await db.sql().raw(
                    """
                    UPDATE challenges SET signalled_due = \(bind: due) WHERE id = \(bind: id) AND status = \(bind: status) \
                    AND (signalled_due IS NULL OR signalled_due <> \(bind: due)) RETURNING id
                    """
                ).all()
                guard !claimed.isEmpty else { return false }
                let name = try await MunicipalityQueries.name(of: code, on: db)
                try await ChallengeMessages.toHandlers(.overdue(due), record, municipality: name, app: app, on: db)
                return true
            }
            guard signalled else { continue }
            sent += 1
        }
        return sent
    }
}
