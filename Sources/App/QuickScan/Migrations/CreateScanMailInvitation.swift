import Fluent
import SQLKit

struct CreateScanMailInvitation: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateScanMailInvitation" }

    func prepare(on database: any Database) async throws {
        try await database.schema("scan_mail_invitations")
            .id()
            .field("scan_id", .uuid, .required, .references("scans", "id", onDelete: .cascade))
            .field("invitation_id", .uuid, .required, .references("scan_invitations", "id", onDelete: .cascade))
            .field("respondent_group", .string, .required)
            .field("address_sealed", .string, .required)
            .field("code_sealed", .string, .required)
            .field("address_key", .string, .required)
            .field("invited_at", .datetime, .required)
            .field("reminded_at", .datetime)
            .unique(on: "scan_id", "address_key")
            .create()
        try await database.sql().create(index: "scan_mail_invitations_invitation").on("scan_mail_invitations").column("invitation_id")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("scan_mail_invitations").delete()
    }
}
