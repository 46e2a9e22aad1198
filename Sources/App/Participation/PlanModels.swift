import DemocracyKit
import Fluent
import Foundation

/// A municipality's participation plan. The plan itself is JSON (`ParticipationPlan`); the title is a column so the
/// list needs no decoding. Every save raises `version`, so two people editing at once cannot overwrite each other.
final class ParticipationPlanRecord: Model, @unchecked Sendable {
    static let schema = "participation_plans"

    @ID(key: .id) var id: UUID?
    @Field(key: "municipality_code") var municipalityCode: String
    @Field(key: "title") var title: String
    @Field(key: "content") var content: String
    @Field(key: "version") var version: Int
    /// When the plan was shared with the council; its council members read it from then on.
    @OptionalField(key: "shared_at") var sharedAt: Date?
    @OptionalField(key: "shared_by") var sharedBy: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "updated_by") var updatedBy: String

    init() {}

    var isShared: Bool { sharedAt != nil }

    func plan() throws -> ParticipationPlan { try JSONDecoder().decode(ParticipationPlan.self, from: Data(content.utf8)) }
}
