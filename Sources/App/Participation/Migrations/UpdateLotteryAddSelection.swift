import Fluent
import SQLKit

/// The chosen panel: the outcome on the lottery, and on each volunteer whether they are on it.
struct UpdateLotteryAddSelection: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.UpdateLotteryAddSelection" }

    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE.
        try await database.schema("lotteries").field("selection", .string).update()
        try await database.schema("lottery_volunteers").field("selected", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("lottery_volunteers").deleteField("selected").update()
        try await database.schema("lotteries").deleteField("selection").update()
    }
}
