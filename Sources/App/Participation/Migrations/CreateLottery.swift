import Fluent

struct CreateLottery: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateLottery" }

    func prepare(on database: any Database) async throws {
        try await database.schema("lotteries")
            .id()
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
            .field("title", .string, .required)
            .field("status", .string, .required)
            .field("areas", .string, .required)
            .field("address_file", .string)
            .field("address_lines", .int, .required)
            .field("address_count", .int, .required)
            .field("address_duplicates", .int, .required)
            .field("address_empty", .int, .required)
            .field("address_skipped", .int, .required)
            .field("file_fingerprint", .string)
            .field("seed", .string)
            .field("seed_announced", .string)
            .field("seed_published_at", .datetime)
            .field("letter_count", .int, .required)
            .field("draw_fingerprint", .string)
            .field("drawn_at", .datetime)
            .field("registration_closed_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .create()
        try await database.schema("lottery_letters")
            .id()
            .field("lottery_id", .uuid, .required, .references("lotteries", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("address", .string, .required)
            .field("code", .string, .required)
            .field("code_hash", .string, .required)
            .field("registered", .bool, .required)
            .unique(on: "lottery_id", "position")
            .unique(on: "code_hash")
            .create()
        try await database.schema("lottery_volunteers")
            .id()
            .field("lottery_id", .uuid, .required, .references("lotteries", "id", onDelete: .cascade))
            .field("letter_id", .uuid, .required, .references("lottery_letters", "id", onDelete: .cascade))
            .field("features", .string, .required)
            .field("contact", .string, .required)
            .field("registered_on", .string, .required)
            .unique(on: "letter_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("lottery_volunteers").delete()
        try await database.schema("lottery_letters").delete()
        try await database.schema("lotteries").delete()
    }
}
