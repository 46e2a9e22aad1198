import Fluent
import SQLKit

/// The comparison figures as published (`ComparisonRule`): per group (national, or a size class; demo
/// municipalities apart) how many members changed since, and per theme the published mean. A database from before
/// gets the figures of its current totals published at start-up (`ScanStore.refreshSharedTotals`).
struct CreateComparisonPublication: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateComparisonPublication" }

    func prepare(on database: any Database) async throws {
        try await database.schema("comparison_groups")
            .id()
            .field("group_key", .string, .required)
            .field("changes", .int, .required)
            .field("published", .bool, .required)
            .unique(on: "group_key")
            .create()
        try await database.schema("comparison_means")
            .id()
            .field("group_key", .string, .required)
            .field("theme_id", .string, .required)
            .field("mean", .double, .required)
            .field("municipalities", .int, .required)
            .unique(on: "group_key", "theme_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("comparison_means").delete()
        try await database.schema("comparison_groups").delete()
    }
}
