import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// Requests for offers: made by a municipality, handled by programme staff, every change recorded with who and
/// when, and the other side told by email in the same transaction.
enum RequestStore {
    /// A request with its offer (nil when the offer's slug is no longer in the catalogue).
    struct Item: Sendable {
        let id: UUID
        let municipalityCode: String
        let offer: Offer?
        let offerSlug: String
        let status: RequestStatus
        let motivation: String
        let serves: String
        let plannedOn: String?
        let rating: Int?
        let lessons: String?
        let reason: String?
        let version: Int
        let createdAt: Date
        let statusSince: Date
    }

    /// What an evaluated request gives a shared experience to start from (nil before it is evaluated).
    static func experienceStart(of item: Item) -> ExperienceStart? {
        item.offer.flatMap {
            ExperienceStart.of(
                status: item.status, offer: $0, rating: item.rating, lessons: item.lessons, requestedOn: Format.day(item.createdAt),
                evaluatedOn: Format.day(item.statusSince))
        }
    }

    static func item(_ record: OfferRequestRecord, catalogue: Catalogue) throws -> Item {
        Item(
            id: try record.requireID(), municipalityCode: record.municipalityCode,
            offer: catalogue.offers.first { $0.slug == record.offerSlug }, offerSlug: record.offerSlug, status: record.status,
            motivation: record.motivation, serves: record.serves, plannedOn: record.plannedOn, rating: record.rating,
            lessons: record.lessons, reason: record.reason, version: record.version, createdAt: record.createdAt,
            statusSince: record.statusSince)
    }

    /// A new request of the municipality for an offer; programme staff hear of it.
    static func create(
        municipality: Municipality, offerSlug: String, motivation: String, serves: String, by user: CurrentUser, app: Application
    ) async throws -> UUID {
        let offer = try await CatalogueStore.find(slug: offerSlug, on: app.db)?.offer
        let open = try await OfferRequestRecord.query(on: app.db).filter(\.$municipalityCode == municipality.code)
            .filter(\.$offerSlug == offerSlug).all().contains { $0.status.isOpen }
        var errors = RequestWorkflow.problems(offer: offer, motivation: motivation, openForSameOffer: open)
        if let error = Validate.optional(serves, field: "serves", max: RequestWorkflow.maxMotivation) { errors.append(error) }
        guard errors.isEmpty, let offer else { throw StoreFailure.fields(errors) }
        let now = app.clock.now()
        let record = OfferRequestRecord(
            municipalityCode: municipality.code, offerSlug: offerSlug, motivation: trim(motivation), serves: trim(serves), at: now)
        try await app.db.transaction { db in
            try await record.create(on: db)
            let id = try record.requireID()
            try await OfferRequestEvent(requestID: id, action: "indienen", status: .ingediend, note: "", actor: user, at: now).create(
                on: db)
            try await RequestMessages.toStaff(.submitted, offer: offer, municipality: municipality.name, requestID: id, app: app, on: db)
        }
        return try record.requireID()
    }

    /// Moves a request on, if the workflow allows it from the version the person saw. A move made meanwhile by
    /// someone else gives `.conflict`; a move the workflow refuses gives the refusal, on its field if it has one.
    static func act(
        _ action: RequestAction, on request: Item, seenVersion: Int, by user: CurrentUser, as actor: RequestActor, app: Application
    ) async throws {
        guard seenVersion == request.version else { throw StoreFailure.conflict("request.error.changed") }
        let now = app.clock.now()
        let next: RequestStatus
        switch RequestWorkflow.apply(action, to: request.status, by: actor, today: Format.day(now)) {
        case .success(let status): next = status
        case .failure(let refusal):
            if let field = refusal.field {
                throw StoreFailure.fields([FieldError(field: field, message: refusal.message, limit: refusal.limit)])
            }
            throw StoreFailure.conflict(refusal.message)
        }
        let (columns, note) = changes(for: action, to: next, at: now)
        try await app.db.transaction { db in
            let written = try await db.updateAtVersion(
                OfferRequestRecord.schema, matching: [("id", request.id)], seen: seenVersion, set: columns)
            guard written else { throw StoreFailure.conflict("request.error.changed") }
            if next == .uitgevoerd {
                try await TrajectoryStore.reach(
                    .aanbod, of: request.municipalityCode, on: Format.day(now), because: .offerCarriedOut, at: now, on: db)
            }
            try await OfferRequestEvent(requestID: request.id, action: action.key, status: next, note: note, actor: user, at: now)
                .create(on: db)
            let name = try await MunicipalityQueries.name(of: request.municipalityCode, on: db)
            switch actor {
            case .programme:
                try await RequestMessages.toMunicipality(
                    next, request: request, municipality: name, note: note, app: app, on: db)
            case .municipality:
                let event: RequestMessages.StaffEvent = next == .ingetrokken ? .withdrawn : .evaluated
                if let offer = request.offer {
                    try await RequestMessages.toStaff(event, offer: offer, municipality: name, requestID: request.id, app: app, on: db)
                }
            }
        }
    }

    /// One request of this municipality (nil municipality: any, for programme staff).
    static func require(_ id: UUID?, municipality code: String?, app: Application, on db: any Database) async throws -> Item {
        var query = OfferRequestRecord.query(on: db).filter(\.$id == (id ?? UUID()))
        if let code { query = query.filter(\.$municipalityCode == code) }
        guard id != nil, let record = try await query.first() else { throw StoreFailure.notFound("request.not_found") }
        return try item(record, catalogue: try await CatalogueStore.catalogue(app: app, on: db).0)
    }

    /// A municipality's requests (in these statuses, or all), newest first.
    static func list(municipality code: String, statuses: [RequestStatus]? = nil, app: Application, on db: any Database) async throws
        -> [Item]
    {
        let catalogue = try await CatalogueStore.catalogue(app: app, on: db).0
        var query = OfferRequestRecord.query(on: db).filter(\.$municipalityCode == code)
        if let statuses { query = query.filter(\.$status ~~ statuses) }
        return try await query.sort(\.$createdAt, .descending).all().map { try item($0, catalogue: catalogue) }
    }

    /// Every request in these statuses, the longest waiting first.
    static func list(statuses: [RequestStatus], app: Application, on db: any Database) async throws -> [Item] {
        let catalogue = try await CatalogueStore.catalogue(app: app, on: db).0
        return try await OfferRequestRecord.query(on: db).filter(\.$status ~~ statuses).sort(\.$statusSince, .ascending)
            .limit(500).all().map { try item($0, catalogue: catalogue) }
    }

    static func history(of id: UUID, on db: any Database) async throws -> [OfferRequestEvent] {
        try await OfferRequestEvent.query(on: db).filter(\.$request.$id == id).sort(\.$at).all()
    }

    /// The offers a municipality uses or has asked for, so they are not recommended again.
    static func used(by code: String, on db: any Database) async throws -> Set<String> {
        let records = try await OfferRequestRecord.query(on: db).filter(\.$municipalityCode == code).all()
        return Set(records.filter { $0.status.usesOffer }.map(\.offerSlug))
    }

    /// A value that changes whenever the municipality's requests change (their number and the sum of their
    /// versions only grow), counted by the database.
    static func revision(of code: String, on db: any Database) async throws -> String {
        let row = try await db.sql().select()
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .column(SQLAlias(SQLRaw("CAST(COALESCE(SUM(version), 0) AS BIGINT)"), as: SQLIdentifier("v")))
            .from(OfferRequestRecord.schema).where("municipality_code", .equal, code).first()
        return "\(try row?.decode(column: "n", as: Int.self) ?? 0).\(try row?.decode(column: "v", as: Int.self) ?? 0)"
    }

    /// The columns a change writes, and the note the history keeps of it.
    private static func changes(for action: RequestAction, to next: RequestStatus, at now: Date) -> (
        columns: [(String, any Encodable & Sendable)], note: String
    ) {
        let moved: [(String, any Encodable & Sendable)] = [("status", next.rawValue), ("status_since", now)]
        switch action {
        case .reject(let reason): return (moved + [("reason", trim(reason))], trim(reason))
        case .plan(let typed):
            let day = Format.parseDay(typed).map(Format.day) ?? typed
            return (moved + [("planned_on", day)], day)
        case .evaluate(let rating, let lessons): return (moved + [("rating", rating), ("lessons", trim(lessons))], trim(lessons))
        default: return (moved, "")
        }
    }

    private static func trim(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
}
