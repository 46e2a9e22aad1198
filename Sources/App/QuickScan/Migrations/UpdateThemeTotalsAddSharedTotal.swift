import Fluent

/// The bank version of each theme total and its total over the statements every bank shares, and per published
/// figure the basis it rests on, so municipalities on different versions of the question bank are compared on
/// the same statements. The values are filled in at start-up (`ScanStore.refreshSharedTotals`).
struct UpdateThemeTotalsAddSharedTotal: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.UpdateThemeTotalsAddSharedTotal" }

    // One ALTER TABLE per column: SQLite adds one column at a time.
    private static let columns: [(table: String, field: FieldKey, type: DatabaseSchema.DataType)] = [
        ("scan_theme_totals", "bank_version", .string), ("scan_theme_totals", "shared_total", .double),
        ("scan_theme_totals", "shared_basis", .string), ("comparison_means", "basis", .string),
        ("comparison_means", "shared_mean", .double), ("comparison_means", "shared_municipalities", .int),
    ]

    func prepare(on database: any Database) async throws {
        for column in Self.columns { try await database.schema(column.table).field(column.field, column.type).update() }
    }

    func revert(on database: any Database) async throws {
        for column in Self.columns.reversed() { try await database.schema(column.table).deleteField(column.field).update() }
    }
}
