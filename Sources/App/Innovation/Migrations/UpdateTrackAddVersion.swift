import Fluent
import SQLKit

/// A version per track, raised by every save, so that two of programme staff editing the same track at once cannot
/// overwrite each other unseen.
struct UpdateTrackAddVersion: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.UpdateTrackAddVersion" }

    func prepare(on database: any Database) async throws {
        try await database.schema("innovation_tracks").field("version", .int, .required, .sql(.default(1))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("innovation_tracks").deleteField("version").update()
    }
}
