import Fluent

struct CreateLearningModuleVersions: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateLearningModuleVersions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("learning_module_versions")
            .id()
            .field("module_id", .string, .required)
            .field("version", .int, .required)
            .field("content", .string, .required)
            .field("edited_by", .string, .required)
            .field("edited_at", .datetime, .required)
            .field("note", .string, .required)
            .unique(on: "module_id", "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("learning_module_versions").delete()
    }
}
