import Fluent
import SQLKit

/// The language the contact person signed up in, so the messages about their sign-up are written in it.
struct UpdateSignupAddLanguage: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.UpdateSignupAddLanguage" }

    func prepare(on database: any Database) async throws {
        try await database.schema("signups")
            .field("language", .string, .required, .sql(.default("nl")))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("signups").deleteField("language").update()
    }
}
