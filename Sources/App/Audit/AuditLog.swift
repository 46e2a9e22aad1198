import DemocracyKit
import Fluent
import Vapor

/// One sensitive action: when, who, what, in which municipality, about what.
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "action") var action: AuditAction
    @OptionalField(key: "municipality_code") var municipalityCode: String?
    @Field(key: "subject") var subject: String

    init() {}

    init(at: Date, actorID: UUID?, actorName: String, action: AuditAction, municipalityCode: String?, subject: String) {
        self.at = at
        self.actorID = actorID
        self.actorName = actorName
        self.action = action
        self.municipalityCode = municipalityCode
        self.subject = subject
    }
}

/// Writes to the audit log. Called where the action happens, on the same database or transaction, so the log
/// holds exactly what was done.
enum AuditLog {
    /// Who acted: a signed-in person, or an operator on the command line.
    struct Actor: Sendable {
        let id: UUID?
        let name: String

        init(_ user: CurrentUser) {
            id = user.id
            name = user.name
        }

        init(id: UUID?, name: String) {
            self.id = id
            self.name = name
        }

        static let commandLine = Actor(id: nil, name: "dia (opdrachtregel)")
    }

    /// `at` is now, unless the demo writes what happened earlier.
    static func record(
        _ action: AuditAction, by actor: Actor, municipality: String?, subject: String, at: Date? = nil, app: Application,
        on db: any Database
    ) async throws {
        try await AuditEvent(
            at: at ?? app.clock.now(), actorID: actor.id, actorName: actor.name, action: action, municipalityCode: municipality,
            subject: String(subject.prefix(500))
        ).create(on: db)
    }
}
