import DemocracyKit
import Fluent
import SQLKit

/// The audit log may lose entries older than a year, and only those, so `dia maintenance` can keep its retention
/// period; changing an entry, or removing a younger one, is still refused by the database itself.
struct UpdateAuditEventRetention: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.UpdateAuditEventRetention" }

    private var floorSeconds: Int { RetentionPolicy.auditFloorDays * 86_400 }

    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        if sql.dialect.name == "sqlite" {
            // SQLite keeps the moment as seconds since 1970.
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_no_delete").run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
                WHEN OLD.at > CAST(strftime('%s', 'now') AS REAL) - \(unsafeRaw: String(floorSeconds))
                BEGIN SELECT RAISE(ABORT, 'the audit log only grows'); END
                """
            ).run()
        } else {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_only_grow ON audit_events").run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR TRUNCATE ON audit_events
                FOR EACH STATEMENT EXECUTE FUNCTION audit_events_only_grow()
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_events_keep_young BEFORE DELETE ON audit_events FOR EACH ROW
                WHEN (OLD.at > now() - interval '\(unsafeRaw: String(RetentionPolicy.auditFloorDays)) days')
                EXECUTE FUNCTION audit_events_only_grow()
                """
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        if sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_no_delete").run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
                BEGIN SELECT RAISE(ABORT, 'the audit log only grows'); END
                """
            ).run()
        } else {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_keep_young ON audit_events").run()
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events").run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_events_only_grow BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
                FOR EACH STATEMENT EXECUTE FUNCTION audit_events_only_grow()
                """
            ).run()
        }
    }
}
