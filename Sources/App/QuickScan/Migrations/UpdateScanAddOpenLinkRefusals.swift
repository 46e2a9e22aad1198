import Fluent
import SQLKit

/// Starts from the open link refused because one network address started too many in an hour, and the last day it
/// happened, so the coordinator sees the burst (`OpenLinkLimit`).
struct UpdateScanAddOpenLinkRefusals: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.UpdateScanAddOpenLinkRefusals" }

    func prepare(on database: any Database) async throws {
        try await database.schema("scans").field("open_link_refused", .int, .required, .sql(.default(0))).update()
        try await database.schema("scans").field("open_link_refused_on", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("scans").deleteField("open_link_refused_on").update()
        try await database.schema("scans").deleteField("open_link_refused").update()
    }
}
