import Fluent
import SQLKit

struct CreateMunicipality: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateMunicipality" }

    func prepare(on database: any Database) async throws {
        try await database.schema("municipalities")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("province", .string, .required)
            .field("population", .int, .required)
            .field("valid_from", .string, .required)
            .field("valid_until", .string)
            .field("is_demo", .bool, .required)
            .field("search_key", .string, .required)
            .create()
        try await database.sql().create(index: "municipalities_province")
            .on("municipalities").column("province").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("municipalities").delete()
    }
}
