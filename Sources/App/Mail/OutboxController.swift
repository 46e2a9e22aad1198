import DemocracyKit
import Fluent
import Vapor

/// What the platform sent or still has to send, for programme staff: with a mail server, to see what failed;
/// without one (and in the demo), to read the messages, links included.
struct OutboxController: RouteCollection {
    static let perPage = 50

    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(RequireSignIn(), RequireProgrammeStaff())
        staff.get(MailURL.outbox, use: index)
        staff.get(MailURL.message(.key), use: show)
    }

    struct Row: Encodable {
        let url: String
        let subject: String
        let recipient: String
        let status: String
        let writtenAt: String
        let attempts: Int
    }

    struct IndexContext: Encodable {
        let delivering: Bool
        let rows: [Row]
        let summary: String
        let page: Int
        let pageCount: Int
        let previousURL: String?
        let nextURL: String?
    }

    func index(req: Request) async throws -> Response {
        let total = try await OutboxMessage.query(on: req.db).count()
        let pagination = Pagination(
            requestedPage: Validate.number(req.query[String.self, at: "pagina"], in: Validate.pageNumbers), perPage: Self.perPage,
            total: total)
        let messages = try await OutboxMessage.query(on: req.db).sort(\.$writtenAt, .descending).sort(\.$id)
            .range(pagination.offset..<(pagination.offset + pagination.perPage)).all()
        let rows = messages.map { message in
            Row(
                url: message.id.map { MailURL.message(.value($0)).path } ?? "", subject: message.subject,
                recipient: message.recipient, status: req.t("mail.status.\(message.status.rawValue)"),
                writtenAt: Format.dateTime(message.writtenAt, req.language), attempts: message.attempts)
        }
        let context = IndexContext(
            delivering: req.application.config.smtp != nil, rows: rows,
            summary: total == 0
                ? req.t("mail.none")
                : req.t("mail.showing", String(pagination.firstItem), String(pagination.lastItem), String(total)),
            page: pagination.page, pageCount: pagination.pageCount,
            previousURL: pagination.hasPrevious ? MailURL.outbox.with([("pagina", String(pagination.page - 1))]) : nil,
            nextURL: pagination.hasNext ? MailURL.outbox.with([("pagina", String(pagination.page + 1))]) : nil)
        return try await req.render("mail/index", title: req.t("mail.title"), context)
    }

    struct ShowContext: Encodable {
        let listURL = MailURL.outbox.path
        let subject: String
        let recipient: String
        let status: String
        let writtenAt: String
        let sentAt: String?
        let attempts: Int
        let lastError: String?
        let text: String
    }

    func show(req: Request) async throws -> Response {
        guard let id = req.parameters.get("messageID", as: UUID.self), let message = try await OutboxMessage.find(id, on: req.db) else {
            throw PageError(.notFound, "error.page.404.message")
        }
        let context = ShowContext(
            subject: message.subject, recipient: message.recipient, status: req.t("mail.status.\(message.status.rawValue)"),
            writtenAt: Format.dateTime(message.writtenAt, req.language),
            sentAt: message.sentAt.map { Format.dateTime($0, req.language) }, attempts: message.attempts,
            lastError: message.lastError, text: message.textBody)
        return try await req.render("mail/show", title: message.subject, context)
    }
}
