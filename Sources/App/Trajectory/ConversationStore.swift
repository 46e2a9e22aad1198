import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// The conversations of a municipality's trajectory. A conversation that was held (its day is today or earlier)
/// completes its step of the trajectory.
enum ConversationStore {
    static func list(of code: String, on db: any Database) async throws -> [Conversation] {
        try await Conversation.query(on: db).filter(\.$municipalityCode == code).sort(\.$heldOn, .descending).all()
    }

    static func require(_ id: UUID?, of code: String, on db: any Database) async throws -> Conversation {
        guard let id,
            let conversation = try await Conversation.query(on: db).filter(\.$id == id).filter(\.$municipalityCode == code).first()
        else { throw StoreFailure.notFound("conversation.not_found") }
        return conversation
    }

    /// The scans of the municipality whose report a conversation can discuss, newest first.
    static func reports(of code: String, on db: any Database) async throws -> [Scan] {
        try await Scan.query(on: db).filter(\.$municipality.$id == code).filter(\.$status ~~ [.closed, .report])
            .sort(\.$opensOn, .descending).all()
    }

    /// Creates a conversation (`id` nil) or saves a change to the version the person started from.
    @discardableResult
    static func save(
        _ draft: ConversationDraft, id: UUID?, seenVersion: Int?, scanID: UUID?, of code: String, by user: CurrentUser, app: Application
    ) async throws -> UUID {
        var errors = draft.problems
        if let scanID, try await reports(of: code, on: app.db).allSatisfy({ $0.id != scanID }) {
            errors.append(FieldError(field: "scanID", message: "conversation.error.scan"))
        }
        guard errors.isEmpty, let kind = ConversationKind(rawValue: draft.kind),
            let held = Format.parseDay(draft.heldOn.trimmingCharacters(in: .whitespaces))
        else { throw StoreFailure.fields(errors) }
        let now = app.clock.now()
        let day = Format.day(held)
        let draft = draft.trimmed
        return try await app.db.transaction { db in
            let savedID: UUID
            if let id {
                let written = try await db.updateAtVersion(
                    Conversation.schema, matching: [("id", id), ("municipality_code", code)], seen: seenVersion ?? 0,
                    set: [
                        ("kind", kind.rawValue), ("held_on", day), ("participants", draft.participants), ("notes", draft.notes),
                        ("decisions", draft.decisions), ("follow_up", draft.followUp), ("scan_id", scanID), ("updated_at", now),
                        ("updated_by", user.name),
                    ])
                guard written else { throw StoreFailure.conflict("conversation.error.conflict") }
                savedID = id
            } else {
                let conversation = Conversation()
                conversation.municipalityCode = code
                conversation.kind = kind
                conversation.heldOn = day
                conversation.participants = draft.participants
                conversation.notes = draft.notes
                conversation.decisions = draft.decisions
                conversation.followUp = draft.followUp
                conversation.scanID = scanID
                conversation.version = 1
                conversation.updatedAt = now
                conversation.updatedBy = user.name
                try await conversation.create(on: db)
                savedID = try conversation.requireID()
            }
            if let step = kind.completes, day <= Format.day(now) {
                try await TrajectoryStore.reach(step, of: code, on: day, because: .conversationHeld, at: now, on: db)
            }
            return savedID
        }
    }
}
