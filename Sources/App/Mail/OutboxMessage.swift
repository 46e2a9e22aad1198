import DemocracyKit
import Fluent
import Foundation

/// One email the platform owes someone. It is written in the same transaction as the change that causes it, so a
/// message is never lost and never sent for a change that was rolled back; `MailDelivery` sends it.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    @ID(key: .id) var id: UUID?
    /// What the message is about (`signup.received`, `account.password_reset`), for the outbox page and metrics.
    @Field(key: "kind") var kind: String
    @Field(key: "recipient") var recipient: String
    @Field(key: "language") var language: Language
    @Field(key: "subject") var subject: String
    @Field(key: "text_body") var textBody: String
    @Field(key: "html_body") var htmlBody: String
    /// The same on every attempt, so a receiving server can recognise a message it has seen.
    @Field(key: "message_id") var messageID: String
    @Field(key: "status") var status: DeliveryStatus
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    /// While set and in the future, one instance is delivering the message and no other takes it.
    @OptionalField(key: "claimed_until") var claimedUntil: Date?
    /// The mail server's last answer when an attempt failed, without any password.
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "written_at") var writtenAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    /// For messages whose address must not outlive them (Quick Scan invitations): once sent or failed, the
    /// recipient and the text are erased.
    @Field(key: "erase_when_done") var eraseWhenDone: Bool

    init() {}

    init(
        kind: String, recipient: String, language: Language, subject: String, text: String, html: String, messageID: String, now: Date,
        eraseWhenDone: Bool = false
    ) {
        self.eraseWhenDone = eraseWhenDone
        self.kind = kind
        self.recipient = recipient
        self.language = language
        self.subject = subject
        self.textBody = text
        self.htmlBody = html
        self.messageID = messageID
        self.status = .waiting
        self.attempts = 0
        self.nextAttemptAt = now
        self.writtenAt = now
    }
}
