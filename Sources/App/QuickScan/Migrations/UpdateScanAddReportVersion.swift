import Fluent
import SQLKit

/// The version of a scan's report, raised by `ScanStore.reportsChanged`.
struct UpdateScanAddReportVersion: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.UpdateScanAddReportVersion" }

    func prepare(on database: any Database) async throws {
        try await database.schema("scans").field("report_version", .int, .required, .sql(.default(0))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("scans").deleteField("report_version").update()
    }
}
