import DemocracyKit
import Fluent
import Foundation
import Vapor

/// The woningscan as stored: requests sealed on the way in, their address and phone opened only for the handler who
/// took them, every view of them and every change in the audit log; and the self-check's answers a person chose to
/// keep (docs/resilience.md).
enum HomeScanStore {
    /// A request as programme staff see it; `details` and `requester` only for its handler.
    struct Opened: Sendable {
        let record: HomeScanRequestRecord
        let municipality: String
        let handlerName: String?
        let isHandler: Bool
        let details: HomeScanDetails?
        let requester: (name: String, email: String)?
        let advice: String?
    }

    /// A line of the staff's list: never the address or the phone.
    struct Row: Sendable {
        let record: HomeScanRequestRecord
        let municipality: String
        let handlerName: String?
    }

    static let perPage = 25

    // MARK: The office holder

    /// Sends a request: checked against the person's own municipalities, sealed, logged, and programme staff told.
    static func request(_ form: HomeScanRequestForm, by user: CurrentUser, app: Application) async throws -> HomeScanRequestRecord {
        let errors = form.problems(municipalities: HomeScanAccess.municipalities(forRequesting: user.memberships))
        guard errors.isEmpty, let office = HomeScanOffice(rawValue: form.office) else { throw StoreFailure.fields(errors) }
        let municipality = try await MunicipalityQueries.require(code: form.municipality, on: app.db)
        let now = app.clock.now()
        let record = HomeScanRequestRecord()
        record.userID = user.id
        record.municipalityCode = municipality.code
        record.office = office
        record.status = .aangevraagd
        record.detailsSealed = try app.secrets.seal(FlatJSON.encode(form.details.values))
        record.version = 1
        record.requestedAt = now
        record.updatedAt = now
        try await app.db.transaction { db in
            try await record.create(on: db)
            try await AuditLog.record(
                .homeScanRequested, by: AuditLog.Actor(user), municipality: municipality.code, subject: record.reference, app: app,
                on: db)
            try await HomeScanMessages.requested(record, municipality: municipality.name, app: app, on: db)
        }
        return record
    }

    /// The person's own requests, the newest first.
    static func mine(of user: CurrentUser, on db: any Database) async throws -> [HomeScanRequestRecord] {
        try await HomeScanRequestRecord.query(on: db).filter(\.$userID == user.id).sort(\.$requestedAt, .descending).all()
    }

    /// One of the person's own requests, with the advice once the visit was made; anyone else's is "not found".
    static func own(_ id: UUID?, by user: CurrentUser, app: Application) async throws -> (
        record: HomeScanRequestRecord, municipality: String, handlerName: String?, advice: String?
    ) {
        guard let id, let record = try await HomeScanRequestRecord.find(id, on: app.db), record.userID == user.id else {
            throw StoreFailure.notFound("woningscan.error.not_found")
        }
        let municipality = try await MunicipalityQueries.name(of: record.municipalityCode, on: app.db)
        let handler = try await record.handlerID.asyncMap { try await User.find($0, on: app.db)?.name } ?? nil
        return (record, municipality, handler, try advice(of: record, app: app))
    }

    // MARK: Programme staff

    /// A page of the requests, the newest first, with municipality and handler names read in one query each.
    static func list(page: Int?, on db: any Database) async throws -> ([Row], Pagination) {
        let pagination = Pagination(requestedPage: page, perPage: perPage, total: try await HomeScanRequestRecord.query(on: db).count())
        let records = try await HomeScanRequestRecord.query(on: db).sort(\.$requestedAt, .descending).sort(\.$id)
            .range(pagination.offset..<(pagination.offset + perPage)).all()
        let names = try await MunicipalityQueries.names(of: Set(records.map(\.municipalityCode)), on: db)
        let handlerIDs = Array(Set(records.compactMap(\.handlerID)))
        var handlers: [UUID: String] = [:]
        if !handlerIDs.isEmpty {
            for user in try await User.query(on: db).filter(\.$id ~~ handlerIDs).all() { handlers[try user.requireID()] = user.name }
        }
        return (
            records.map {
                Row(
                    record: $0, municipality: names[$0.municipalityCode] ?? $0.municipalityCode,
                    handlerName: $0.handlerID.flatMap { handlers[$0] })
            },
            pagination
        )
    }

    /// A request for programme staff. Only its handler gets the address, the phone and who asked, and each time
    /// they do, the audit log says so; a step on it (`unseal` false) opens nothing.
    static func read(_ id: UUID?, by user: CurrentUser, unseal: Bool = true, app: Application) async throws -> Opened {
        guard HomeScanAccess.allows(isStaff: user.isProgrammeStaff, isHandler: false, .list) else {
            throw StoreFailure.notAllowed("error.forbidden")
        }
        guard let id, let record = try await HomeScanRequestRecord.find(id, on: app.db) else {
            throw StoreFailure.notFound("woningscan.error.not_found")
        }
        let municipality = try await MunicipalityQueries.name(of: record.municipalityCode, on: app.db)
        let handler = try await record.handlerID.asyncMap { try await User.find($0, on: app.db)?.name } ?? nil
        let isHandler = HomeScanAccess.allows(isStaff: true, isHandler: record.handlerID == user.id, .handle)
        guard isHandler, unseal else {
            return Opened(
                record: record, municipality: municipality, handlerName: handler, isHandler: isHandler, details: nil, requester: nil,
                advice: nil)
        }
        try await AuditLog.record(
            .homeScanViewed, by: AuditLog.Actor(user), municipality: record.municipalityCode, subject: record.reference, app: app,
            on: app.db)
        let requester = try await User.find(record.userID, on: app.db)
        return Opened(
            record: record, municipality: municipality, handlerName: handler, isHandler: true, details: try details(of: record, app: app),
            requester: requester.map { ($0.name, $0.email) }, advice: try advice(of: record, app: app))
    }

    static func details(of record: HomeScanRequestRecord, app: Application) throws -> HomeScanDetails {
        HomeScanDetails(values: FlatJSON.decodeStrings(try app.secrets.open(record.detailsSealed)) ?? [:])
    }

    private static func advice(of record: HomeScanRequestRecord, app: Application) throws -> String? {
        try record.adviceSealed.map { try app.secrets.open($0) }
    }

    /// A staff member takes a request nobody handles yet.
    static func take(_ record: HomeScanRequestRecord, seenVersion: Int, by user: CurrentUser, app: Application) async throws {
        guard HomeScanAccess.allows(isStaff: user.isProgrammeStaff, isHandler: false, .take) else {
            throw StoreFailure.notAllowed("error.forbidden")
        }
        let next = try HomeScanWorkflow.take(record.state, by: user.id)
        try await change(
            record, seenVersion: seenVersion, by: user, note: "in behandeling genomen",
            set: [("handler_id", next.handler), ("status", next.status.rawValue)], app: app)
    }

    /// The handler sets (or moves) the day of the visit; the requester hears of it.
    static func plan(_ record: HomeScanRequestRecord, on day: String, seenVersion: Int, by user: CurrentUser, app: Application) async throws
    {
        let next = try HomeScanWorkflow.plan(record.state, on: day, by: user.id, today: Format.day(app.clock.now()))
        let plannedOn = next.plannedOn ?? ""
        try await change(
            record, seenVersion: seenVersion, by: user, note: "ingepland",
            set: [("planned_on", plannedOn), ("status", next.status.rawValue)],
            app: app
        ) { db in
            try await HomeScanMessages.planned(record, on: plannedOn, app: app, on: db)
        }
    }

    /// The handler records the visit with its advice, sealed; the requester hears it is done.
    static func finish(_ record: HomeScanRequestRecord, advice: String, seenVersion: Int, by user: CurrentUser, app: Application)
        async throws
    {
        let (next, kept) = try HomeScanWorkflow.finish(record.state, advice: advice, by: user.id)
        try await change(
            record, seenVersion: seenVersion, by: user, note: "uitgevoerd",
            set: [("advice_sealed", try app.secrets.seal(kept)), ("status", next.status.rawValue)], app: app
        ) { db in
            try await HomeScanMessages.done(record, app: app, on: db)
        }
    }

    /// One change at the version the person saw, in the audit log by reference, with its emails in the same transaction.
    private static func change(
        _ record: HomeScanRequestRecord, seenVersion: Int, by user: CurrentUser, note: String,
        set changes: [(String, any Encodable & Sendable)], app: Application,
        also: (@Sendable (any Database) async throws -> Void)? = nil
    ) async throws {
        let id = try record.requireID()
        let now = app.clock.now()
        try await app.db.transaction { db in
            guard
                try await db.updateAtVersion(
                    HomeScanRequestRecord.schema, matching: [("id", id)], seen: seenVersion, set: changes + [("updated_at", now)])
            else { throw StoreFailure.conflict("woningscan.error.conflict") }
            try await AuditLog.record(
                .homeScanChanged, by: AuditLog.Actor(user), municipality: record.municipalityCode, subject: record.reference + ": " + note,
                app: app, on: db)
            try await also?(db)
        }
    }

    // MARK: The self-check's kept answers

    static func kept(of user: CurrentUser, check: HomeCheck, app: Application) async throws -> (
        answers: [String: HomeCheckAnswer], savedAt: Date
    )? {
        guard let row = try await HomeCheckRecord.query(on: app.db).filter(\.$userID == user.id).first() else { return nil }
        let stored = FlatJSON.decodeStrings(try app.secrets.open(row.answersSealed)) ?? [:]
        return (check.answers(stored: stored), row.savedAt)
    }

    /// Keeps the answers, sealed, in place of any kept before.
    static func keep(_ answers: [String: HomeCheckAnswer], for user: CurrentUser, app: Application) async throws {
        let sealed = try app.secrets.seal(FlatJSON.encode(answers.mapValues(\.rawValue)))
        let now = app.clock.now()
        try await app.db.transaction { db in
            if let row = try await HomeCheckRecord.query(on: db).filter(\.$userID == user.id).first() {
                row.answersSealed = sealed
                row.savedAt = now
                try await row.update(on: db)
            } else {
                let row = HomeCheckRecord()
                row.userID = user.id
                row.answersSealed = sealed
                row.savedAt = now
                try await row.create(on: db)
            }
        }
    }

    /// Removes the person's kept answers; whether there were any.
    @discardableResult
    static func forget(for user: CurrentUser, on db: any Database) async throws -> Bool {
        let count = try await HomeCheckRecord.query(on: db).filter(\.$userID == user.id).count()
        try await HomeCheckRecord.query(on: db).filter(\.$userID == user.id).delete()
        return count > 0
    }

    /// Removes each request carried out before the moment, with its sealed address, phone and advice; the audit log
    /// records the reference and that it went. Returns how many.
    static func remove(doneBefore cutoff: Date, by actor: AuditLog.Actor, app: Application, on db: any Database) async throws -> Int {
        let done = try await HomeScanRequestRecord.query(on: db).filter(\.$status == .uitgevoerd).filter(\.$updatedAt < cutoff).all()
        for record in done {
            try await db.transaction { db in
                try await record.delete(on: db)
                try await AuditLog.record(
                    .homeScanChanged, by: actor, municipality: record.municipalityCode,
                    subject: record.reference + ": verwijderd na de bewaartermijn (uitgevoerd op \(Format.day(record.updatedAt)))",
                    app: app,
                    on: db)
            }
        }
        return done.count
    }
}
