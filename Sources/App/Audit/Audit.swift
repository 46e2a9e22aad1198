import DemocracyKit
import Fluent
import Vapor

extension Capability {
    /// The audit log of sensitive actions: kept by the database as append-only, read by programme staff.
    static var audit: Capability {
        Capability(
            routes: [AuditController()], migrations: [CreateAuditEvent()], urls: AuditURL.routes.map(\.path),
            links: [SiteLink(place: .dashboard, position: 45, labelKey: "audit.title", url: AuditURL.log, audience: .programmeStaff)])
    }
}

/// The log, newest first, a page at a time. There is no way to change or remove an entry.
struct AuditController: RouteCollection {
    static let perPage = 50

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequireSignIn(), RequireProgrammeStaff()).get(AuditURL.log, use: index)
    }

    struct Row: Encodable {
        let at: String
        let actor: String
        let action: String
        let municipality: String
        let subject: String
    }

    struct IndexContext: Encodable {
        let rows: [Row]
        let summary: String
        let page: Int
        let pageCount: Int
        let previousURL: String?
        let nextURL: String?
    }

    func index(req: Request) async throws -> Response {
        let total = try await AuditEvent.query(on: req.db).count()
        let pagination = Pagination(
            requestedPage: Validate.number(req.query[String.self, at: "pagina"], in: Validate.pageNumbers), perPage: Self.perPage,
            total: total)
        let events = try await AuditEvent.query(on: req.db).sort(\.$at, .descending).sort(\.$id)
            .range(pagination.offset..<(pagination.offset + pagination.perPage)).all()
        let names = try await MunicipalityQueries.names(of: Set(events.compactMap(\.municipalityCode)), on: req.db)
        let rows = events.map { event in
            Row(
                at: Format.dateTime(event.at, req.language), actor: event.actorName, action: event.action.name(req.language),
                municipality: event.municipalityCode.map { names[$0] ?? $0 } ?? "–", subject: event.subject)
        }
        let context = IndexContext(
            rows: rows,
            summary: total == 0
                ? req.t("audit.none")
                : req.t("audit.showing", String(pagination.firstItem), String(pagination.lastItem), String(total)),
            page: pagination.page, pageCount: pagination.pageCount,
            previousURL: pagination.hasPrevious ? AuditURL.log.with([("pagina", String(pagination.page - 1))]) : nil,
            nextURL: pagination.hasNext ? AuditURL.log.with([("pagina", String(pagination.page + 1))]) : nil)
        return try await req.render("audit/index", title: req.t("audit.title"), context)
    }
}
