import Fluent
import SQLKit

/// A respondent's own code (see `ScanInvitation.ownCode`). Links made from the open link were the inhabitant's
/// own from the start; a personal link becomes one at its next save.
struct UpdateScanInvitationAddOwnCode: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.UpdateScanInvitationAddOwnCode" }

    func prepare(on database: any Database) async throws {
        try await database.schema("scan_invitations")
            .field("own_code", .bool, .required, .sql(.default(false)))
            .update()
        try await database.schema("scan_invitations")
            .field("origin_hash", .string)
            .update()
        try await database.sql().update("scan_invitations").set("own_code", to: true).where("from_open_link", .equal, true).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("scan_invitations").deleteField("origin_hash").update()
        try await database.schema("scan_invitations").deleteField("own_code").update()
    }
}
