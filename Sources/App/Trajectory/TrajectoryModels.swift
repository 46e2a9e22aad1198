import DemocracyKit
import Fluent
import Foundation

/// One step of a municipality's trajectory, reached on a day. At most one row per municipality and step.
final class TrajectoryStepRecord: Model, @unchecked Sendable {
    static let schema = "trajectory_steps"

    @ID(key: .id) var id: UUID?
    @Field(key: "municipality_code") var municipalityCode: String
    @Field(key: "step") var step: Int
    @Field(key: "day") var day: String
    @Field(key: "reason") var reason: String
    @OptionalField(key: "by_name") var byName: String?
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    init(municipalityCode: String, step: TrajectoryStep, reached: TrajectoryState.Reached, at date: Date) {
        self.municipalityCode = municipalityCode
        self.step = step.rawValue
        self.day = reached.day
        self.reason = reached.reason.rawValue
        self.byName = reached.by
        self.recordedAt = date
    }
}

/// A conversation of the trajectory, as the facilitator or coordinator wrote it down.
final class Conversation: Model, @unchecked Sendable {
    static let schema = "conversations"

    @ID(key: .id) var id: UUID?
    @Field(key: "municipality_code") var municipalityCode: String
    @Field(key: "kind") var kind: ConversationKind
    @Field(key: "held_on") var heldOn: String
    @Field(key: "participants") var participants: String
    @Field(key: "notes") var notes: String
    @Field(key: "decisions") var decisions: String
    @Field(key: "follow_up") var followUp: String
    /// The scan whose report it discusses, if any.
    @OptionalField(key: "scan_id") var scanID: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "updated_by") var updatedBy: String

    init() {}
}

/// A municipality's improvement agenda: the number of its latest version, and of the one last sent.
final class AgendaRecord: Model, @unchecked Sendable {
    static let schema = "agendas"

    @ID(key: .id) var id: UUID?
    @Field(key: "municipality_code") var municipalityCode: String
    /// The latest version's number; a save names the one it started from, so two saves cannot both win.
    @Field(key: "version") var version: Int
    @OptionalField(key: "sent_version") var sentVersion: Int?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// Every saved version of an agenda, kept.
final class AgendaVersion: Model, @unchecked Sendable {
    static let schema = "agenda_versions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "agenda_id") var agenda: AgendaRecord
    @Field(key: "number") var number: Int
    /// The `Agenda` as JSON.
    @Field(key: "content") var content: String
    @Field(key: "saved_at") var savedAt: Date
    @Field(key: "saved_by") var savedBy: String
    @OptionalField(key: "sent_at") var sentAt: Date?

    init() {}

    var agendaValue: Agenda? { try? JSONDecoder().decode(Agenda.self, from: Data(content.utf8)) }
}
