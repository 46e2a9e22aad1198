import Fluent
import SQLKit

/// The audit log: rows are only ever added. The database itself refuses to change or delete one, so neither a
/// defect in the platform nor someone with a page of it can edit the log.
struct CreateAuditEvent: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateAuditEvent" }

    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events")
            .id()
            .field("at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("municipality_code", .string)
            .field("subject", .string, .required)
            .create()
        let sql = try database.sql()
        try await sql.create(index: "audit_events_at").on("audit_events").column("at").run()
        if sql.dialect.name == "sqlite" {
            for change in ["UPDATE", "DELETE"] {
                try await sql.raw(
                    """
                    CREATE TRIGGER audit_events_no_\(unsafeRaw: change.lowercased()) BEFORE \(unsafeRaw: change) ON audit_events
                    BEGIN SELECT RAISE(ABORT, 'the audit log only grows'); END
                    """
                ).run()
            }
        } else {
            try await sql.raw(
                """
                CREATE FUNCTION audit_events_only_grow() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the audit log only grows'; END $$
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_events_only_grow BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
                FOR EACH STATEMENT EXECUTE FUNCTION audit_events_only_grow()
                """
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        if sql.dialect.name != "sqlite" {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_only_grow ON audit_events").run()
            try await sql.raw("DROP FUNCTION IF EXISTS audit_events_only_grow()").run()
        }
        try await database.schema("audit_events").delete()
    }
}
