import Fluent

/// When a burgerberaad was finished and its registrations and letters erased.
struct UpdateLotteryAddFinished: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.UpdateLotteryAddFinished" }

    func prepare(on database: any Database) async throws {
        try await database.schema("lotteries").field("finished_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("lotteries").deleteField("finished_at").update()
    }
}
