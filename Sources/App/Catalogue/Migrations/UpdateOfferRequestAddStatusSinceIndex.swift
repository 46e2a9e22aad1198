import Fluent
import SQLKit

/// Every change of a request sets `status_since`, so its latest value tells whether any request changed; the
/// index lets the programme dashboard read it without reading every request.
struct UpdateOfferRequestAddStatusSinceIndex: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.UpdateOfferRequestAddStatusSinceIndex" }

    func prepare(on database: any Database) async throws {
        try await database.sql().create(index: "offer_requests_status_since").on("offer_requests").column("status_since").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql().drop(index: "offer_requests_status_since").run()
    }
}
