import Fluent
import SQLKit

struct CreateOutboxMessage: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateOutboxMessage" }

    func prepare(on database: any Database) async throws {
        try await database.schema("outbox_messages")
            .id()
            .field("kind", .string, .required)
            .field("recipient", .string, .required)
            .field("language", .string, .required)
            .field("subject", .string, .required)
            .field("text_body", .string, .required)
            .field("html_body", .string, .required)
            .field("message_id", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("claimed_until", .datetime)
            .field("last_error", .string)
            .field("written_at", .datetime, .required)
            .field("sent_at", .datetime)
            .field("erase_when_done", .bool, .required)
            .create()
        // The worker asks for waiting messages that are due, oldest first.
        try await database.sql().create(index: "outbox_messages_due").on("outbox_messages")
            .column("status").column("next_attempt_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("outbox_messages").delete()
    }
}
