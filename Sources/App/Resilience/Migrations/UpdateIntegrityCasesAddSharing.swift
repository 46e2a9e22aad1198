import Fluent

/// When the burgemeester shared a basisscan's summary with the council.
struct UpdateIntegrityCasesAddSharing: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.UpdateIntegrityCasesAddSharing" }

    func prepare(on database: any Database) async throws {
        try await database.schema("integrity_cases").field("summary_shared_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("integrity_cases").deleteField("summary_shared_at").update()
    }
}
