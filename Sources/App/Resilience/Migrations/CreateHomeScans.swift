import Fluent
import SQLKit

struct CreateHomeScans: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateHomeScans" }

    func prepare(on database: any Database) async throws {
        try await database.schema("home_scan_requests")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
            .field("office", .string, .required)
            .field("status", .string, .required)
            .field("details_sealed", .string, .required)
            .field("handler_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("planned_on", .string)
            .field("advice_sealed", .string)
            .field("version", .int, .required)
            .field("requested_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        // The requester's own requests, and the staff's list with the newest first.
        try await database.sql().create(index: "home_scan_requests_user").on("home_scan_requests").column("user_id").run()
        try await database.sql().create(index: "home_scan_requests_requested").on("home_scan_requests").column("requested_at").run()
        try await database.schema("home_checks")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("answers_sealed", .string, .required)
            .field("saved_at", .datetime, .required)
            .unique(on: "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("home_checks").delete()
        try await database.schema("home_scan_requests").delete()
    }
}
