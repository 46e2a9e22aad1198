import DemocracyKit
import Fluent
import Foundation

/// A news item on undermining, published by programme staff.
final class UnderminingNews: Model, @unchecked Sendable {
    static let schema = "undermining_news"

    @ID(key: .id) var id: UUID?
    @Field(key: "title_nl") var titleNl: String
    @Field(key: "title_en") var titleEn: String
    @Field(key: "body_nl") var bodyNl: String
    @Field(key: "body_en") var bodyEn: String
    @Field(key: "author_name") var authorName: String
    @Field(key: "published_at") var publishedAt: Date

    init() {}

    var title: LocalizedText { LocalizedText(nl: titleNl, en: titleEn) }
    var body: LocalizedText { LocalizedText(nl: bodyNl, en: bodyEn) }
}

/// One round of a quiz level by a signed-in person: how many of how many were right, and whether that passed.
final class UnderminingQuizResult: Model, @unchecked Sendable {
    static let schema = "undermining_quiz_results"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "level") var level: Int
    @Field(key: "correct") var correct: Int
    @Field(key: "total") var total: Int
    @Field(key: "passed") var passed: Bool
    @Field(key: "taken_at") var takenAt: Date

    init() {}
}

/// The municipality's designated contact for reported signals of undermining: the one person who reads them.
final class SignalContact: Model, @unchecked Sendable {
    static let schema = "signal_contacts"

    @ID(key: .id) var id: UUID?
    @Field(key: "municipality_code") var municipalityCode: String
    @Field(key: "user_id") var userID: UUID
    @Field(key: "set_at") var setAt: Date

    init() {}
}

/// A reported signal. What was reported and the contact's reply are sealed with `SecretBox` (`DIA_SECRET_KEY`);
/// the reporter's follow-up code is kept as a hash. Nothing about the reporter is kept: no account, no address.
final class SignalReportRecord: Model, @unchecked Sendable {
    static let schema = "signal_reports"

    @ID(key: .id) var id: UUID?
    @Field(key: "municipality_code") var municipalityCode: String
    @Field(key: "status") var status: SignalReportStatus
    /// `SignalReport` as JSON, sealed.
    @Field(key: "report_sealed") var reportSealed: String
    @OptionalField(key: "reply_sealed") var replySealed: String?
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "version") var version: Int
    @Field(key: "received_at") var receivedAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    /// A short reference for the audit log and the list.
    var reference: String { "MO-" + String((id?.uuidString ?? "").prefix(8)) }
}
