import Fluent
import SQLKit

/// The one way to reach a database as SQL. Both drivers the platform uses are SQL databases, so anything else is
/// a wiring mistake: it fails loudly with a named error instead of skipping work.
struct DatabaseIsNotSQL: Error, CustomStringConvertible {
    var description: String { "the database driver does not speak SQL" }
}

extension Database {
    func sql() throws -> any SQLDatabase {
        guard let sql = self as? any SQLDatabase else { throw DatabaseIsNotSQL() }
        return sql
    }
}

extension Database {
    /// Writes `changes` to the row that `matching` selects, but only while its version is still `seen`, the one
    /// the person started from; with `bumping`, the version moves on by one. One statement, the same on SQLite
    /// and PostgreSQL; whether it wrote (false: someone saved meanwhile, or there is no such row).
    func updateAtVersion(
        _ table: String, matching: [(String, any Encodable & Sendable)], seen: Int, set changes: [(String, any Encodable & Sendable)],
        bumping: Bool = true
    ) async throws -> Bool {
        var update = try sql().update(table)
        for (column, value) in changes { update = update.set(SQLIdentifier(column), to: SQLBind(value)) }
        if bumping { update = update.set(SQLIdentifier("version"), to: SQLRaw("version + 1")) }
        for (column, value) in matching { update = update.where(SQLIdentifier(column), .equal, SQLBind(value)) }
        return try await !update.where("version", .equal, seen).returning("version").all().isEmpty
    }
}
