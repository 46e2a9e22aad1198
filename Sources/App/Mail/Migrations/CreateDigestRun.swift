import Fluent
import SQLKit

/// One row per week whose overview went out: the instance that adds it sends the overview, so it goes once.
struct CreateDigestRun: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateDigestRun" }

    func prepare(on database: any Database) async throws {
        try await database.schema("digest_runs")
            .id()
            .field("week", .string, .required)
            .field("sent_at", .datetime, .required)
            .unique(on: "week")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("digest_runs").delete()
    }
}
