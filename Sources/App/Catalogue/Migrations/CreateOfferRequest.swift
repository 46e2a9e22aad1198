import Fluent
import SQLKit

struct CreateOfferRequest: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateOfferRequest" }

    func prepare(on database: any Database) async throws {
        try await database.schema("offer_requests")
            .id()
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
            .field("offer_slug", .string, .required)
            .field("status", .string, .required)
            .field("motivation", .string, .required)
            .field("serves", .string, .required)
            .field("planned_on", .string)
            .field("rating", .int)
            .field("lessons", .string)
            .field("reason", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("status_since", .datetime, .required)
            .create()
        try await database.sql().create(index: "offer_requests_municipality").on("offer_requests").column("municipality_code").run()
        try await database.sql().create(index: "offer_requests_status").on("offer_requests").column("status").run()
        try await database.schema("offer_request_events")
            .id()
            .field("request_id", .uuid, .required, .references("offer_requests", "id", onDelete: .cascade))
            .field("action", .string, .required)
            .field("status", .string, .required)
            .field("note", .string, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.sql().create(index: "offer_request_events_request").on("offer_request_events").column("request_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("offer_request_events").delete()
        try await database.schema("offer_requests").delete()
    }
}
