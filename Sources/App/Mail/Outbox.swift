import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// An email to write to the outbox: who gets it, in which language, and what it says.
struct Mail: Sendable {
    /// What it is about (`signup.received`), shown on the outbox page.
    let kind: String
    let to: String
    let language: Language
    let subject: String
    var letter: Letter
    /// Erase the address and the text once the message is sent or has failed.
    var eraseWhenDone = false
}

extension Mail {
    /// A message in the platform's style: the paragraphs, at most one link, and the platform's footer, in the
    /// recipient's language.
    init(kind: String, to: String, language: Language, subject: String, paragraphs: [String], link: Letter.Link? = nil, app: Application) {
        self.init(
            kind: kind, to: to, language: language, subject: subject,
            letter: Letter(
                paragraphs: paragraphs, link: link, footer: app.localizer.text("mail.footer", language, [app.config.publicURL])))
    }
}

/// The one way the platform sends email. `send` writes the message in the caller's transaction; `MailDelivery`
/// delivers it. Without a mail server configured, messages stay here and programme staff read them on the outbox
/// page.
enum Outbox {
    /// Writes a message to the outbox, on the database (or transaction) of the change that causes it.
    static func send(_ mail: Mail, app: Application, on db: any Database) async throws {
        let host = URLComponents(string: app.config.publicURL)?.host ?? "localhost"
        try await OutboxMessage(
            kind: mail.kind, recipient: mail.to, language: mail.language, subject: mail.subject, text: mail.letter.text,
            html: mail.letter.html(subject: mail.subject, language: mail.language),
            messageID: "<\(UUID().uuidString.lowercased())@\(host)>", now: app.clock.now(), eraseWhenDone: mail.eraseWhenDone
        ).create(on: db)
    }

    /// Claims up to `limit` messages that are due, oldest first, for `DeliveryPolicy.claimLease`. The second
    /// condition is checked again on the rows themselves, so of two instances claiming at once each message goes
    /// to one (PostgreSQL re-reads a row another transaction changed; SQLite has one writer).
    static func claimDue(limit: Int, now: Date, on db: any Database) async throws -> [OutboxMessage] {
        let lease = now.addingTimeInterval(DeliveryPolicy.claimLease)
        let waiting = DeliveryStatus.waiting.rawValue
        let claimed = try await db.sql().raw(
            """
            UPDATE outbox_messages SET claimed_until = \(bind: lease), attempts = attempts + 1 \
            WHERE id IN (SELECT id FROM outbox_messages WHERE status = \(bind: waiting) AND next_attempt_at <= \(bind: now) \
            AND (claimed_until IS NULL OR claimed_until < \(bind: now)) ORDER BY written_at LIMIT \(unsafeRaw: String(limit))) \
            AND status = \(bind: waiting) AND (claimed_until IS NULL OR claimed_until < \(bind: now)) RETURNING id
            """
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
        guard !claimed.isEmpty else { return [] }
        return try await OutboxMessage.query(on: db).filter(\.$id ~~ claimed).sort(\.$writtenAt).sort(\.$id).all()
    }

    static func delivered(_ message: OutboxMessage, now: Date, on db: any Database) async throws {
        message.status = .sent
        message.sentAt = now
        message.claimedUntil = nil
        message.lastError = nil
        eraseIfAsked(message)
        try await message.update(on: db)
    }

    /// What stays of a message whose address must not outlive it.
    static let erased = "(gewist)"

    private static func eraseIfAsked(_ message: OutboxMessage) {
        guard message.eraseWhenDone else { return }
        message.recipient = erased
        message.textBody = erased
        message.htmlBody = erased
    }

    /// After a failed attempt: tried again later, or marked failed (`DeliveryPolicy`).
    static func notDelivered(_ message: OutboxMessage, error: String, permanent: Bool, now: Date, on db: any Database) async throws {
        switch DeliveryPolicy.afterFailure(attempts: message.attempts, writtenAt: message.writtenAt, now: now, permanent: permanent) {
        case .retry(let next):
            message.nextAttemptAt = next
        case .failed:
            message.status = .failed
            eraseIfAsked(message)
        }
        message.claimedUntil = nil
        message.lastError = String(error.prefix(500))
        try await message.update(on: db)
    }
}
