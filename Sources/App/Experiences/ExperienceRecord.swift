import DemocracyKit
import Fluent
import Foundation

/// One experience as stored: where it stands and which of its versions is published. The text itself is in
/// `ExperienceVersionRecord`, every saved version kept.
final class ExperienceRecord: Model, @unchecked Sendable {
    static let schema = "experiences"

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "municipality_code") var municipalityCode: String
    @Field(key: "status") var statusValue: String
    /// The newest version of the text; goes up by one with every save.
    @Field(key: "version") var version: Int
    @OptionalField(key: "published_version") var publishedVersion: Int?
    @OptionalField(key: "first_published_at") var firstPublishedAt: Date?
    /// Programme staff's remark when they sent it back.
    @OptionalField(key: "remark") var remark: String?
    /// The person who agreed to answer questions about it; nil once they withdraw.
    @OptionalField(key: "contact_user_id") var contactUserID: UUID?
    @OptionalField(key: "contact_role") var contactRole: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(slug: String, municipalityCode: String, at date: Date) {
        self.slug = slug
        self.municipalityCode = municipalityCode
        self.statusValue = ExperienceStatus.concept.rawValue
        self.version = 1
        self.createdAt = date
        self.updatedAt = date
    }

    /// A status the code no longer knows reads as a concept: never published by accident.
    var status: ExperienceStatus { ExperienceStatus(rawValue: statusValue) ?? .concept }
}

/// One saved version of an experience's text, as JSON of `Experience`.
final class ExperienceVersionRecord: Model, @unchecked Sendable {
    static let schema = "experience_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "experience_id") var experienceID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "content") var content: String
    @Field(key: "saved_at") var savedAt: Date
    @OptionalField(key: "saved_by") var savedBy: UUID?

    init() {}

    init(experienceID: UUID, version: Int, experience: Experience, at date: Date, by user: UUID?) throws {
        self.experienceID = experienceID
        self.version = version
        self.content = String(decoding: try JSONEncoder().encode(experience), as: UTF8.self)
        self.savedAt = date
        self.savedBy = user
    }

    func experience() throws -> Experience {
        try JSONDecoder().decode(Experience.self, from: Data(content.utf8))
    }
}

/// One step in an experience's history: saved, sent, published, sent back (with the remark), taken offline.
final class ExperienceEvent: Model, @unchecked Sendable {
    static let schema = "experience_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "experience_id") var experienceID: UUID
    @Field(key: "action") var action: String
    @Field(key: "version") var version: Int
    @OptionalField(key: "remark") var remark: String?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "at") var at: Date

    init() {}

    init(experienceID: UUID, action: String, version: Int, remark: String? = nil, actor: String, at date: Date) {
        self.experienceID = experienceID
        self.action = action
        self.version = version
        self.remark = remark
        self.actorName = actor
        self.at = date
    }
}
