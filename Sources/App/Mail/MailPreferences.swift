import DemocracyKit
import Fluent
import Foundation
import Vapor

/// Which kinds of email a person turned off. No row means everything on.
final class MailPreference: Model, @unchecked Sendable {
    static let schema = "mail_preferences"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    /// The topics turned off, comma-separated (`MailTopic` raw values).
    @Field(key: "off_topics") var offTopics: String

    init() {}

    init(userID: UUID, off: Set<MailTopic>) {
        self.$user.id = userID
        self.offTopics = off.map(\.rawValue).sorted().joined(separator: ",")
    }

    var off: Set<MailTopic> { Set(offTopics.split(separator: ",").compactMap { MailTopic(rawValue: String($0)) }) }
}

/// Reading and changing what people want to receive, and the link that turns the weekly overview off without
/// signing in.
enum MailPreferences {
    static func off(for userID: UUID, on db: any Database) async throws -> Set<MailTopic> {
        try await MailPreference.query(on: db).filter(\.$user.$id == userID).first()?.off ?? []
    }

    static func set(_ off: Set<MailTopic>, for userID: UUID, on db: any Database) async throws {
        try await db.transaction { db in
            try await MailPreference.query(on: db).filter(\.$user.$id == userID).delete()
            if !off.isEmpty { try await MailPreference(userID: userID, off: off).create(on: db) }
        }
    }

    /// The people among these who want email of this topic.
    static func keep(_ people: [AccountStore.Person], wanting topic: MailTopic, on db: any Database) async throws -> [AccountStore.Person] {
        guard !people.isEmpty else { return [] }
        let rows = try await MailPreference.query(on: db).filter(\.$user.$id ~~ people.map(\.id)).all()
        let unwilling = Set(rows.filter { $0.off.contains(topic) }.map(\.$user.id))
        return people.filter { !unwilling.contains($0.id) }
    }

    /// `USERID.SIGNATURE`: the person's id with a keyed signature, so the link works without signing in and
    /// cannot be made for someone else.
    static func unsubscribeToken(for userID: UUID, app: Application) -> String {
        userID.uuidString + "." + app.secrets.fingerprint("unsubscribe-digest " + userID.uuidString)
    }

    /// The person an unsubscribe link is for, or nil for a link that was not made here.
    static func person(fromUnsubscribe token: String, app: Application) -> UUID? {
        let parts = token.split(separator: ".")
        guard token.count <= 120, parts.count == 2, let id = UUID(uuidString: String(parts[0])),
            SecureToken.matches(String(parts[1]), app.secrets.fingerprint("unsubscribe-digest " + id.uuidString))
        else { return nil }
        return id
    }
}
