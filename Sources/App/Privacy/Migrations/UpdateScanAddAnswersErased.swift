import Fluent

/// The day a scan's single answers were erased, so its pages can say so and retention skips it.
struct UpdateScanAddAnswersErased: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.UpdateScanAddAnswersErased" }

    func prepare(on database: any Database) async throws {
        try await database.schema("scans").field("answers_erased_on", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("scans").deleteField("answers_erased_on").update()
    }
}
