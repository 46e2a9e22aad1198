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
